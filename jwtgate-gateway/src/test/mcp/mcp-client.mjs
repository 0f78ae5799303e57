// The official TypeScript SDK's MCP client, for jwtgate's MCP end-to-end test. It is given only the
// MCP server's URL and its client credentials: the SDK itself finds the authorization server
// (401 -> WWW-Authenticate resource_metadata -> RFC 9728 document -> RFC 8414 / OIDC metadata),
// fetches a token with the client_credentials grant and retries.
//
//   node mcp-client.mjs '<plan as JSON>'
//   plan: {url, clientId, clientSecret, issuer, scope?, calls: [{name, arguments}]}
//
// Prints one JSON report on stdout: every HTTP exchange the SDK made (method, URL, status, the
// WWW-Authenticate challenge, the form fields of token requests without secrets), the initialize
// result, the tool names listed, and each call's result or error. Never a token or a secret.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const plan = JSON.parse(process.argv[2] ?? '{}');
const report = { fetches: [], initialize: null, tools: null, calls: [], error: null };

function formFields(body) {
    if (!(body instanceof URLSearchParams) && typeof body !== 'string') {
        return undefined;
    }
    const fields = {};
    for (const [key, value] of new URLSearchParams(body)) {
        fields[key] = /secret|assertion|code_verifier|refresh_token/i.test(key) ? '(hidden)' : value;
    }
    return fields;
}

function jsonRpcSummary(body) {
    if (typeof body !== 'string') {
        return undefined;
    }
    try {
        const parsed = JSON.parse(body);
        const messages = Array.isArray(parsed) ? parsed : [parsed];
        return messages.map(m => m.method ? `${m.method}${m.params?.name ? ' ' + m.params.name : ''}` : '(response)').join(', ');
    } catch {
        return undefined;
    }
}

// Records what the SDK sends and receives; the SDK decides every request itself.
async function recordingFetch(input, init = {}) {
    const url = String(input instanceof Request ? input.url : input);
    const method = init.method ?? (input instanceof Request ? input.method : 'GET');
    const entry = { method, url };
    const isTokenRequest = formFields(init.body)?.grant_type !== undefined;
    if (isTokenRequest) {
        entry.form = formFields(init.body);
    } else if (jsonRpcSummary(init.body)) {
        entry.jsonrpc = jsonRpcSummary(init.body);
    }
    const headers = new Headers(init.headers ?? {});
    entry.bearer = (headers.get('authorization') ?? '').startsWith('Bearer ');
    report.fetches.push(entry);
    try {
        const response = await fetch(input, init);
        entry.status = response.status;
        entry.contentType = response.headers.get('content-type');
        const challenge = response.headers.get('www-authenticate');
        if (challenge) {
            entry.wwwAuthenticate = challenge;
        }
        return response;
    } catch (error) {
        entry.failure = String(error?.cause ?? error);
        throw error;
    }
}

function describe(error) {
    return {
        kind: error?.constructor?.name ?? typeof error,
        code: error?.code ?? null,
        message: String(error?.message ?? error)
    };
}

const provider = new ClientCredentialsProvider({
    clientId: plan.clientId,
    clientSecret: plan.clientSecret,
    clientName: 'jwtgate e2e agent',
    scope: plan.scope,
    expectedIssuer: plan.issuer
});
const transport = new StreamableHTTPClientTransport(new URL(plan.url), { authProvider: provider, fetch: recordingFetch });
const client = new Client({ name: 'jwtgate-e2e-client', version: '1.0.0' });

try {
    await client.connect(transport);
    report.initialize = {
        serverInfo: client.getServerVersion(),
        capabilities: client.getServerCapabilities(),
        sessionId: transport.sessionId ?? null
    };
    report.tools = (await client.listTools()).tools.map(t => t.name);
    for (const call of plan.calls ?? []) {
        try {
            const result = await client.callTool({ name: call.name, arguments: call.arguments ?? {} });
            report.calls.push({
                name: call.name,
                ok: !result.isError,
                text: (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n')
            });
        } catch (error) {
            report.calls.push({ name: call.name, ok: false, error: describe(error) });
        }
    }
    await transport.terminateSession().catch(() => {});
} catch (error) {
    report.error = describe(error);
} finally {
    await client.close().catch(() => {});
}
console.log(JSON.stringify(report));
