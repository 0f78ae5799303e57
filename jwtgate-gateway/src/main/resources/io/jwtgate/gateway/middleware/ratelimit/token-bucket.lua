-- One reservation on a token bucket shared by every gateway replica (jwtgate's rateLimit.redis
-- and plugin.distributedRateLimit). Runs atomically in Redis, so concurrent replicas never
-- both spend the same token.
--
-- The bucket is a hash {last = microseconds of the last reservation, tokens = tokens then},
-- the layout Traefik's rateLimit.redis keeps, so that Traefik and jwtgate replicas sharing one
-- Redis also share their limits during a migration. A missing bucket is a full one.
--
-- KEYS[1]  the bucket
-- ARGV[1]  refill rate, tokens per microsecond
-- ARGV[2]  burst: capacity of the bucket
-- ARGV[3]  seconds an idle bucket is kept
-- ARGV[4]  the caller's clock, microseconds since the epoch
-- ARGV[5]  longest wait, in microseconds, the caller accepts for a token
--
-- Returns {wait, tokens} as strings (Redis would truncate Lua numbers to integers): the
-- microseconds the caller must wait before using its token, and the tokens left. A wait above
-- ARGV[5] means refused: the token is then not taken.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local max_wait = tonumber(ARGV[5])

local stored = redis.call('HMGET', KEYS[1], 'last', 'tokens')
local last = tonumber(stored[1])
local tokens = tonumber(stored[2])
if last == nil or tokens == nil then
    last = now
    tokens = burst
end

-- The bucket's clock never goes back: a replica whose clock is behind the last writer's refills
-- nothing, and does not move `last` back (which would credit the same interval twice when
-- replicas with skewed clocks alternate).
if now < last then
    now = last
end
local elapsed = now - last
tokens = math.min(burst, tokens + elapsed * rate) - 1

local wait = 0
if tokens < 0 then
    wait = -tokens / rate
    if wait > max_wait then
        tokens = tokens + 1
    end
end

redis.call('HSET', KEYS[1], 'last', now, 'tokens', tokens)
redis.call('EXPIRE', KEYS[1], ttl)
return {tostring(wait), tostring(tokens)}
