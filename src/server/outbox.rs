//! The per-connection outbound queue: replies and pushes wait here for the connection's
//! writer. Pushing never blocks the publisher. The queue is bounded in bytes
//! (`client.queue_max_size`): a client that falls that far behind is disconnected with
//! `3008 slow` instead of letting memory grow, as Centrifugo does. The writer drains
//! everything that is queued at once, so bursts go out as one newline-batched frame. The
//! writer waits on an [`AtomicWaker`]: a push costs one compare-and-swap to wake it, and
//! nothing when it is already awake.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use atomic_waker::AtomicWaker;
use bytes::Bytes;

use crate::proto::codes::Disconnect;

#[derive(Debug, Default)]
struct State {
    items: VecDeque<Bytes>,
    bytes: usize,
    /// Set once: the close the writer sends after draining what came before it.
    close: Option<Disconnect>,
    /// While held, messages queue up but the writer waits (used while a connect reply that
    /// must go first is being built).
    held: bool,
    /// Set while the writer has taken messages and not yet come back for more.
    writing: bool,
    /// The rest of a frame a direct write left half-written; the writer sends it first.
    raw: Option<Bytes>,
    /// The payload of the latest WebSocket Ping still to be answered. The writer sends its
    /// Pong after `raw` (never inside a frame) and before anything queued.
    pong: Option<Bytes>,
    /// The connection's socket, for direct writes (see [`Outbox::push`]).
    direct: Option<Arc<dyn Direct>>,
}

thread_local! {
    /// Set while a [`Coalesce`] guard lives on this thread.
    static COALESCE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While alive, pushes made on this thread queue for the writers instead of writing
/// directly, so that each connection gets a batch of publications in one write. Hold it
/// only around synchronous work (never across an `.await`).
#[derive(Debug)]
pub struct Coalesce {
    prev: bool,
}

impl Coalesce {
    pub fn begin() -> Self {
        Self {
            prev: COALESCE.with(|c| c.replace(true)),
        }
    }
}

impl Drop for Coalesce {
    fn drop(&mut self) {
        COALESCE.with(|c| c.set(self.prev));
    }
}

/// A socket that [`Outbox::push`] may write a whole frame to without waiting.
pub trait Direct: Send + Sync + std::fmt::Debug {
    /// Writes as much of `msg`'s frame as the socket takes now; returns how many bytes went
    /// out (0 when it would block) and the frame's length.
    fn try_frame(&self, msg: &[u8]) -> std::io::Result<(usize, usize)>;
    /// `msg`'s frame from byte `from` on.
    fn frame_rest(&self, msg: &[u8], from: usize) -> Bytes;
}

/// A bounded queue of encoded messages for one connection.
#[derive(Debug)]
pub struct Outbox {
    state: Mutex<State>,
    /// The writer, while it waits for work.
    writer: AtomicWaker,
    max_bytes: usize,
    /// Set while the connection's user is traced: fan-outs check this flag (on a cache line
    /// they touch anyway) instead of looking the user up for every subscriber.
    traced: AtomicBool,
}

/// What the writer should do next.
#[derive(Debug)]
pub enum Next {
    /// Write the messages just moved into the caller's queue (joined with `\n` into frames).
    Messages,
    /// Write the messages just moved into the caller's queue, then close with this code.
    Close(Disconnect),
}

impl Outbox {
    pub fn new(max_bytes: usize) -> Self {
        Self {
            state: Mutex::new(State::default()),
            writer: AtomicWaker::new(),
            max_bytes,
            traced: AtomicBool::new(false),
        }
    }

    /// Whether the connection's user is traced.
    #[inline]
    pub fn traced(&self) -> bool {
        self.traced.load(Ordering::Relaxed)
    }

    /// Marks the connection's user as traced or not.
    pub fn set_traced(&self, on: bool) {
        self.traced.store(on, Ordering::Relaxed);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the queue inconsistent: recover it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Gives the outbox the connection's socket for direct writes, or takes it away (the
    /// socket closes when the last holder drops it).
    pub fn set_direct(&self, direct: Option<Arc<dyn Direct>>) {
        self.lock().direct = direct;
    }

    /// Queues one message. Returns false when the connection is closing (the message is
    /// dropped) or when this message overflowed the queue, which closes it with `3008 slow`.
    ///
    /// When nothing is queued or being written, the message is written to the socket here,
    /// under the lock, without waking the writer: on a fan-out that saves a task wake, a
    /// poll and a queue round trip per subscriber. Whatever the socket does not take at once
    /// goes to the writer, in order. Under a [`Coalesce`] guard the message is queued.
    pub fn push(&self, msg: Bytes) -> bool {
        let mut st = self.lock();
        if st.close.is_some() {
            return false;
        }
        if st.items.is_empty() && !st.writing && !st.held && st.raw.is_none() {
            if let Some(direct) = st.direct.as_ref().filter(|_| !COALESCE.with(Cell::get)) {
                match direct.try_frame(&msg) {
                    Ok((n, total)) if n == total => return true,
                    Ok((0, _)) | Err(_) => {}
                    Ok((n, _)) => {
                        st.raw = Some(direct.frame_rest(&msg, n));
                        drop(st);
                        self.writer.wake();
                        return true;
                    }
                }
            }
        }
        if st.bytes + msg.len() > self.max_bytes {
            st.close = Some(Disconnect::new(Disconnect::SLOW));
            st.items.clear();
            st.bytes = 0;
            drop(st);
            self.writer.wake();
            return false;
        }
        st.bytes += msg.len();
        st.items.push_back(msg);
        drop(st);
        self.writer.wake();
        true
    }

    /// Asks the writer to close the connection after what is already queued. The first close
    /// wins. Returns false when a close was already pending.
    pub fn close(&self, d: Disconnect) -> bool {
        let mut st = self.lock();
        if st.close.is_some() {
            return false;
        }
        st.close = Some(d);
        drop(st);
        self.writer.wake();
        true
    }

    /// Asks the writer to answer a WebSocket Ping with a Pong carrying `payload`, ahead of
    /// queued messages. A Ping that arrives before the previous one is answered replaces it
    /// (RFC 6455 §5.5.3 lets an endpoint answer only the most recent). Works while the queue
    /// is held, and costs no queue budget.
    pub fn pong(&self, payload: Bytes) {
        let mut st = self.lock();
        if st.close.is_some() {
            return;
        }
        st.pong = Some(payload);
        drop(st);
        self.writer.wake();
    }

    /// Holds delivery until [`Outbox::release_front`].
    pub fn hold(&self) {
        self.lock().held = true;
    }

    /// Puts `first` in front of everything queued while held, and resumes delivery.
    pub fn release_front(&self, first: Bytes) {
        let mut st = self.lock();
        st.held = false;
        if st.close.is_none() {
            st.bytes += first.len();
            st.items.push_front(first);
        }
        drop(st);
        self.writer.wake();
    }

    /// Whether a close is pending or done.
    pub fn is_closing(&self) -> bool {
        self.lock().close.is_some()
    }

    /// Takes every queued message (unit tests of the fan-out).
    #[cfg(test)]
    pub fn drain_for_test(&self) -> Vec<Bytes> {
        self.lock().items.drain(..).collect()
    }

    /// Waits for work: moves every queued message into `out` (which must be empty), the rest
    /// of a half-written frame into `raw` (to be written first), and a Ping payload to answer
    /// into `pong` (written after `raw`, before `out`), and says whether a close follows. The
    /// two queues trade places, so in steady state neither side allocates. Calling it again
    /// means the previous work is written.
    pub async fn next(
        &self,
        out: &mut VecDeque<Bytes>,
        raw: &mut Option<Bytes>,
        pong: &mut Option<Bytes>,
    ) -> Next {
        debug_assert!(out.is_empty());
        std::future::poll_fn(|cx| {
            // Register before looking: a push after the look then wakes this waker.
            self.writer.register(cx.waker());
            let mut st = self.lock();
            st.writing = false;
            if let Some(d) = st.close.clone() {
                std::mem::swap(&mut st.items, out);
                *raw = st.raw.take();
                *pong = st.pong.take();
                st.bytes = 0;
                st.writing = true;
                return std::task::Poll::Ready(Next::Close(d));
            }
            if (!st.items.is_empty() || st.raw.is_some()) && !st.held {
                std::mem::swap(&mut st.items, out);
                *raw = st.raw.take();
                *pong = st.pong.take();
                st.bytes = 0;
                st.writing = true;
                return std::task::Poll::Ready(Next::Messages);
            }
            if st.pong.is_some() {
                // A Pong alone (also while held): the rest of a half-written frame still goes
                // first so the Pong never lands inside it.
                *raw = st.raw.take();
                *pong = st.pong.take();
                st.writing = true;
                return std::task::Poll::Ready(Next::Messages);
            }
            std::task::Poll::Pending
        })
        .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drains_in_order_then_closes() {
        let o = Outbox::new(1024);
        let mut q = VecDeque::new();
        assert!(o.push(Bytes::from_static(b"a")));
        assert!(o.push(Bytes::from_static(b"b")));
        match o.next(&mut q, &mut None, &mut None).await {
            Next::Messages => {
                assert_eq!(q, vec![Bytes::from_static(b"a"), Bytes::from_static(b"b")]);
            }
            Next::Close(..) => panic!("no close yet"),
        }
        q.clear();
        assert!(o.push(Bytes::from_static(b"c")));
        assert!(o.close(Disconnect::new(3503)));
        assert!(!o.close(Disconnect::new(3001)), "first close wins");
        assert!(!o.push(Bytes::from_static(b"d")));
        match o.next(&mut q, &mut None, &mut None).await {
            Next::Close(d) => {
                assert_eq!(q, vec![Bytes::from_static(b"c")]);
                assert_eq!(d.code, 3503);
            }
            Next::Messages => panic!("expected close"),
        }
    }

    #[tokio::test]
    async fn held_messages_wait_for_the_first() {
        let o = Outbox::new(1024);
        o.hold();
        assert!(o.push(Bytes::from_static(b"pub")));
        let mut q = VecDeque::new();
        let waited = tokio::time::timeout(
            std::time::Duration::from_millis(20),
            o.next(&mut q, &mut None, &mut None),
        )
        .await;
        assert!(waited.is_err(), "held queue must not deliver");
        o.release_front(Bytes::from_static(b"connect"));
        match o.next(&mut q, &mut None, &mut None).await {
            Next::Messages => assert_eq!(
                q,
                vec![Bytes::from_static(b"connect"), Bytes::from_static(b"pub")]
            ),
            Next::Close(..) => panic!("no close"),
        }
    }

    /// A socket that takes at most `take` bytes per write (frames are `[len] ++ msg`).
    #[derive(Debug, Default)]
    struct FakeSocket {
        take: std::sync::atomic::AtomicUsize,
        wrote: Mutex<Vec<u8>>,
    }

    impl Direct for FakeSocket {
        fn try_frame(&self, msg: &[u8]) -> std::io::Result<(usize, usize)> {
            let frame = self.frame_rest(msg, 0);
            let n = frame.len().min(self.take.load(Ordering::Relaxed));
            self.wrote.lock().unwrap().extend_from_slice(&frame[..n]);
            Ok((n, frame.len()))
        }
        fn frame_rest(&self, msg: &[u8], from: usize) -> Bytes {
            let mut f = vec![u8::try_from(msg.len()).unwrap()];
            f.extend_from_slice(msg);
            Bytes::from(f).slice(from..)
        }
    }

    #[tokio::test]
    async fn direct_writes_only_when_the_writer_is_idle_and_keep_order() {
        let o = Outbox::new(1024);
        let sock = Arc::new(FakeSocket::default());
        sock.take.store(usize::MAX, Ordering::Relaxed);
        o.set_direct(Some(sock.clone()));
        let (mut q, mut raw, mut pong) = (VecDeque::new(), None, None);
        // idle writer: written at once, nothing queued
        assert!(o.push(Bytes::from_static(b"a")));
        assert_eq!(&sock.wrote.lock().unwrap()[..], b"\x01a");
        let nothing = tokio::time::timeout(
            std::time::Duration::from_millis(20),
            o.next(&mut q, &mut raw, &mut pong),
        );
        assert!(nothing.await.is_err(), "a direct write leaves no work");
        // the socket would block: queued for the writer; later pushes queue behind it
        sock.take.store(0, Ordering::Relaxed);
        assert!(o.push(Bytes::from_static(b"b")));
        sock.take.store(usize::MAX, Ordering::Relaxed);
        assert!(o.push(Bytes::from_static(b"c")));
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut None).await,
            Next::Messages
        ));
        assert_eq!(q, vec![Bytes::from_static(b"b"), Bytes::from_static(b"c")]);
        assert!(raw.is_none());
        // while the writer writes, pushes queue
        assert!(o.push(Bytes::from_static(b"d")));
        assert_eq!(
            sock.wrote.lock().unwrap().len(),
            2,
            "no direct write while writing"
        );
        q.clear();
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut None).await,
            Next::Messages
        ));
        assert_eq!(q, vec![Bytes::from_static(b"d")]);
        q.clear();
        // a short write: the rest of the frame goes first, then what was pushed after
        let idle = tokio::time::timeout(
            std::time::Duration::from_millis(20),
            o.next(&mut q, &mut raw, &mut pong),
        );
        assert!(idle.await.is_err());
        sock.take.store(2, Ordering::Relaxed);
        assert!(o.push(Bytes::from_static(b"xyz")));
        assert!(o.push(Bytes::from_static(b"e")));
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut None).await,
            Next::Messages
        ));
        assert_eq!(raw.take(), Some(Bytes::from_static(b"yz")));
        assert_eq!(q, vec![Bytes::from_static(b"e")]);
        q.clear();
        // under a Coalesce guard: queued, to go out together
        {
            let _batch = Coalesce::begin();
            assert!(o.push(Bytes::from_static(b"f")));
            assert!(o.push(Bytes::from_static(b"g")));
        }
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut None).await,
            Next::Messages
        ));
        assert_eq!(q, vec![Bytes::from_static(b"f"), Bytes::from_static(b"g")]);
        q.clear();
        assert!(
            !COALESCE.with(Cell::get),
            "the guard restores the thread's state"
        );
        // held (a connect reply being built) and closing: never direct
        let o = Outbox::new(1024);
        let sock = Arc::new(FakeSocket::default());
        sock.take.store(usize::MAX, Ordering::Relaxed);
        o.set_direct(Some(sock.clone()));
        o.hold();
        assert!(o.push(Bytes::from_static(b"p")));
        assert!(sock.wrote.lock().unwrap().is_empty());
        o.release_front(Bytes::from_static(b"r"));
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut None).await,
            Next::Messages
        ));
        assert_eq!(q, vec![Bytes::from_static(b"r"), Bytes::from_static(b"p")]);
        q.clear();
        o.close(Disconnect::new(3001));
        assert!(!o.push(Bytes::from_static(b"late")));
        assert!(sock.wrote.lock().unwrap().is_empty());
    }

    /// Issue 14: a Ping is answered ahead of a backlog, after the rest of a half-written
    /// frame, also while the queue is held, and the latest Ping wins.
    #[tokio::test]
    async fn pongs_jump_the_queue_but_never_split_a_frame() {
        let o = Outbox::new(1024);
        let sock = Arc::new(FakeSocket::default());
        sock.take.store(2, Ordering::Relaxed);
        o.set_direct(Some(sock.clone()));
        let (mut q, mut raw, mut pong) = (VecDeque::new(), None, None);
        assert!(o.push(Bytes::from_static(b"xyz"))); // 2 of 4 bytes go out directly
        assert!(o.push(Bytes::from_static(b"backlog")));
        o.pong(Bytes::from_static(b"one"));
        o.pong(Bytes::from_static(b"two"));
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut pong).await,
            Next::Messages
        ));
        assert_eq!(raw.take(), Some(Bytes::from_static(b"yz")));
        assert_eq!(pong.take(), Some(Bytes::from_static(b"two")));
        assert_eq!(q, vec![Bytes::from_static(b"backlog")]);
        q.clear();
        // held (connect reply not built yet): the Pong alone goes out, messages wait
        o.hold();
        assert!(o.push(Bytes::from_static(b"p")));
        o.pong(Bytes::from_static(b"three"));
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut pong).await,
            Next::Messages
        ));
        assert_eq!(pong.take(), Some(Bytes::from_static(b"three")));
        assert!(q.is_empty() && raw.is_none());
        o.release_front(Bytes::from_static(b"r"));
        assert!(matches!(
            o.next(&mut q, &mut raw, &mut pong).await,
            Next::Messages
        ));
        assert_eq!(q, vec![Bytes::from_static(b"r"), Bytes::from_static(b"p")]);
        assert!(pong.is_none());
    }

    #[tokio::test]
    async fn overflow_closes_slow() {
        let o = Outbox::new(4);
        assert!(o.push(Bytes::from_static(b"abc")));
        assert!(!o.push(Bytes::from_static(b"de")));
        let mut q = VecDeque::new();
        match o.next(&mut q, &mut None, &mut None).await {
            Next::Close(d) => {
                assert!(q.is_empty());
                assert_eq!(d.code, 3008);
            }
            Next::Messages => panic!("expected slow close"),
        }
    }
}
