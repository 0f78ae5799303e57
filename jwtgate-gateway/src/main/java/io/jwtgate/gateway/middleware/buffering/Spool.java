package io.jwtgate.gateway.middleware.buffering;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A body held whole before it goes on, as oxy's multibuf holds it: the first {@code memoryBytes}
 * in memory, the rest in a temporary file (owner-only permissions) written and read through
 * Vert.x's asynchronous file system, so the event loop never waits for the disk. It can be
 * replayed any number of times. {@link #release} closes every handle and deletes the file.
 * Lives on one event loop.
 */
final class Spool {

    /** Where a replay writes: the future completes when the chunk may be followed by the next one. */
    @FunctionalInterface
    interface Sink extends Function<Buffer, Future<Void>> {}

    private static final int READ_CHUNK = 64 * 1024;

    private final FileSystem fs;
    private final long memoryBytes;
    private final Buffer memory = Buffer.buffer();
    private final ArrayDeque<Buffer> waiting = new ArrayDeque<>();
    private final List<Replay> replays = new ArrayList<>();
    private long length;
    private String path;
    private AsyncFile writer;
    private Future<Void> opened;
    private Throwable failure;
    private Handler<Void> drain;
    private boolean released;

    Spool(FileSystem fs, long memoryBytes) {
        this.fs = fs;
        this.memoryBytes = memoryBytes;
    }

    long length() {
        return length;
    }

    /** True once bytes went to the file. */
    boolean spilled() {
        return opened != null;
    }

    /** The bytes held in memory (all of them unless {@link #spilled()}). */
    Buffer memory() {
        return memory;
    }

    void append(Buffer chunk) {
        if (released || chunk.length() == 0) {
            return;
        }
        length += chunk.length();
        long room = memoryBytes - memory.length();
        if (opened == null && room > 0) {
            if (chunk.length() <= room) {
                memory.appendBuffer(chunk);
                return;
            }
            memory.appendBuffer(chunk, 0, (int) room);
            chunk = chunk.getBuffer((int) room, chunk.length());
        }
        toFile(chunk);
    }

    private void toFile(Buffer chunk) {
        if (failure != null) {
            return;
        }
        if (writer != null) {
            writer.write(chunk).onFailure(this::fail);
            return;
        }
        waiting.add(chunk);
        if (opened == null) {
            opened = fs.createTempFile("jwtgate-buffer-", ".tmp")
                    .compose(created -> {
                        path = created;
                        return fs.open(created, new OpenOptions().setRead(false).setWrite(true).setCreate(false));
                    })
                    .onSuccess(file -> {
                        if (released) {
                            closeQuietly(file);
                            deleteFile();
                            return;
                        }
                        writer = file;
                        file.drainHandler(v -> drained());
                        while (!waiting.isEmpty()) {
                            file.write(waiting.poll()).onFailure(this::fail);
                        }
                        drained();
                    })
                    .onFailure(this::fail)
                    .mapEmpty();
        }
    }

    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        drained(); // a producer waiting for room goes on; its bytes are dropped and the failure is reported at the end
    }

    /** Backpressure for the producer: true while the file is being created or its write queue is full. */
    boolean writeQueueFull() {
        return failure == null && !released && ((opened != null && writer == null) || (writer != null && writer.writeQueueFull()));
    }

    /** Called once when {@link #writeQueueFull()} turns false. */
    void drainHandler(Handler<Void> handler) {
        this.drain = handler;
        drained();
    }

    private void drained() {
        if (drain != null && !writeQueueFull()) {
            Handler<Void> h = drain;
            drain = null;
            h.handle(null);
        }
    }

    /** Completes when every byte appended is stored (the file's writer closed); fails if storing failed. */
    Future<Void> complete() {
        if (opened == null) {
            return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
        }
        return opened.compose(v -> writer == null ? Future.<Void>succeededFuture() : writer.close()).compose(v -> {
            writer = null;
            return failure == null ? Future.succeededFuture() : Future.<Void>failedFuture(failure);
        });
    }

    /**
     * Writes every byte to {@code sink}, memory first, then the file, one chunk at a time. Call after
     * {@link #complete()}. The future completes as soon as the last byte was taken, without waiting for
     * the file's end to be read: a backend that has the whole body may answer at once, and the request
     * must be ended before its connection is used again. It fails if the spool is released meanwhile.
     */
    Future<Void> replay(Sink sink) {
        if (released) {
            return Future.failedFuture("the buffered body was released");
        }
        Future<Void> head = memory.length() == 0 ? Future.succeededFuture() : sink.apply(memory);
        if (path == null) {
            return head;
        }
        long fileBytes = length - memory.length();
        return head.compose(v -> fs.open(path, new OpenOptions().setRead(true).setWrite(false).setCreate(false)))
                .compose(file -> pipe(file, sink, fileBytes));
    }

    private Future<Void> pipe(AsyncFile file, Sink sink, long fileBytes) {
        if (released) {
            closeQuietly(file);
            return Future.failedFuture("the buffered body was released");
        }
        Replay replay = new Replay(file, Promise.promise());
        replays.add(replay);
        long[] taken = {0};
        file.setReadBufferSize(READ_CHUNK);
        file.exceptionHandler(replay::fail);
        file.handler(chunk -> {
            if (released || replay.done.future().isComplete()) {
                return;
            }
            file.pause();
            taken[0] += chunk.length();
            sink.apply(chunk).onComplete(ar -> {
                if (ar.failed()) {
                    replay.fail(ar.cause());
                } else if (taken[0] >= fileBytes) {
                    replay.finish();
                } else if (!released) {
                    file.resume();
                }
            });
        });
        file.endHandler(v -> {
            if (taken[0] < fileBytes) {
                replay.fail(new IllegalStateException("the buffered body's file ended after " + taken[0] + " of " + fileBytes + " bytes"));
            }
        });
        return replay.done.future();
    }

    /** A replay of the file in progress: its handle and its outcome. */
    private final class Replay {
        final AsyncFile file;
        final Promise<Void> done;

        Replay(AsyncFile file, Promise<Void> done) {
            this.file = file;
            this.done = done;
        }

        void finish() {
            replays.remove(this);
            closeQuietly(file);
            done.tryComplete();
        }

        void fail(Throwable cause) {
            replays.remove(this);
            closeQuietly(file);
            done.tryFail(cause);
        }
    }

    /** Drops the bytes: closes the writer and every replay in progress, deletes the file. Idempotent. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        waiting.clear();
        drain = null;
        if (writer != null) {
            closeQuietly(writer);
            writer = null;
        }
        for (Replay replay : List.copyOf(replays)) {
            // Fails the replay's future: the request it feeds is reset, never left waiting for bytes.
            replay.fail(new IllegalStateException("the buffered body was released"));
        }
        deleteFile();
    }

    /** Closes a handle that may be closed already (Vert.x throws then). */
    private static void closeQuietly(AsyncFile file) {
        try {
            file.close();
        } catch (IllegalStateException alreadyClosed) {
            // released while a read or a write was in flight
        }
    }

    private void deleteFile() {
        if (path != null) {
            String p = path;
            path = null;
            fs.delete(p);
        }
    }
}
