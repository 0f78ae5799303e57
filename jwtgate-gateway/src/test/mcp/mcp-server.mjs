// A real MCP server from the official TypeScript SDK, for jwtgate's MCP end-to-end test.
// Streamable HTTP on 127.0.0.1, stateful sessions, answers as server-sent events (the SDK's default,
// enableJsonResponse: false). It checks no token: the gateway in front of it does.
//
//   node mcp-server.mjs <port|0> <call-log-file>
//
// Prints "MCP server listening on 127.0.0.1:<port>" once it accepts connections. Every JSON-RPC
// message that reaches it is appended to <call-log-file> as one JSON line
// ({method, name, id, user, authorization}), so that the test can prove a refused call never arrived.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const [port = '0', callLog] = process.argv.slice(2);
if (!callLog) {
    console.error('usage: node mcp-server.mjs <port|0> <call-log-file>');
    process.exit(2);
}

function newMcpServer() {
    const server = new McpServer({ name: 'jwtgate-e2e-tools', version: '1.0.0' });
    server.registerTool('echo', {
        description: 'Returns its text',
        inputSchema: { text: z.string() }
    }, async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }));
    server.registerTool('whoami', {
        description: 'Returns the caller the gateway forwarded (X-User-ID, from the token\'s sub)',
        inputSchema: {}
    }, async (_args, extra) => ({
        content: [{ type: 'text', text: `user: ${extra.requestInfo?.headers?.['x-user-id'] ?? '(none)'}` }]
    }));
    server.registerTool('delete_records', {
        description: 'Deletes records: the policy refuses it to callers whose token does not list it',
        inputSchema: { table: z.string() }
    }, async ({ table }) => ({ content: [{ type: 'text', text: `deleted every record of ${table}` }] }));
    return server;
}

function logMessages(body, headers) {
    for (const message of Array.isArray(body) ? body : [body]) {
        if (message && typeof message === 'object') {
            appendFileSync(callLog, JSON.stringify({
                method: message.method ?? null,
                name: message.params?.name ?? null,
                id: message.id ?? null,
                user: headers['x-user-id'] ?? null,
                // Whether a bearer token was forwarded, never the token.
                authorization: typeof headers.authorization === 'string' && headers.authorization.startsWith('Bearer ')
            }) + '\n');
        }
    }
}

async function readJson(req) {
    const chunks = [];
    for await (const chunk of req) {
        chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text.length === 0 ? undefined : JSON.parse(text);
}

const sessions = new Map(); // Mcp-Session-Id -> transport

const http = createServer(async (req, res) => {
    try {
        const sessionId = req.headers['mcp-session-id'];
        if (req.method === 'POST') {
            let body;
            try {
                body = await readJson(req);
            } catch {
                // The gateway is meant to refuse malformed bodies itself: one arriving here is logged.
                appendFileSync(callLog, JSON.stringify({ method: '(unparsable body)', name: null, id: null, user: null, authorization: false }) + '\n');
                res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({
                    jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error (reached the MCP server)' }
                }));
                return;
            }
            logMessages(body, req.headers);
            let transport = sessionId ? sessions.get(sessionId) : undefined;
            if (!transport && !sessionId && isInitializeRequest(body)) {
                transport = new StreamableHTTPServerTransport({
                    sessionIdGenerator: () => randomUUID(),
                    enableJsonResponse: false,
                    onsessioninitialized: id => sessions.set(id, transport)
                });
                transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
                await newMcpServer().connect(transport);
            }
            if (!transport) {
                res.writeHead(sessionId ? 404 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({
                    jsonrpc: '2.0', id: null, error: { code: -32000, message: sessionId ? 'Unknown session' : 'No session: initialize first' }
                }));
                return;
            }
            await transport.handleRequest(req, res, body);
        } else if (req.method === 'GET' || req.method === 'DELETE') {
            // GET: the session's own event stream for server-initiated messages; DELETE: ends the session.
            const transport = sessionId ? sessions.get(sessionId) : undefined;
            if (!transport) {
                res.writeHead(400).end('No session');
                return;
            }
            await transport.handleRequest(req, res);
        } else {
            res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
        }
    } catch (error) {
        console.error('mcp-server: request failed:', error);
        if (!res.headersSent) {
            res.writeHead(500).end();
        }
    }
});

http.listen(Number(port), '127.0.0.1', () => {
    console.log(`MCP server listening on 127.0.0.1:${http.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
        http.closeAllConnections();
        http.close(() => process.exit(0));
    });
}
