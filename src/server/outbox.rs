//! The per-connection outbound queue: replies and pushes wait here for the connection's
//! writer. Pushing never blocks the publisher. The queue is bounded in bytes
//! (`client.queue_max_size`): a client that falls that far behind is disconnected with
//! `3008 slow` instead of letting memory grow, as Centrifugo does. The writer drains
//! everything that is queued at once, so bursts go out as one newline-batched frame.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use tokio::sync::Notify;

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
}

/// A bounded queue of encoded messages for one connection.
#[derive(Debug)]
pub struct Outbox {
    state: Mutex<State>,
    notify: Notify,
    max_bytes: usize,
    /// Set while the connection's user is traced: fan-outs check this flag (on a cache line
    /// they touch anyway) instead of looking the user up for every subscriber.
    traced: AtomicBool,
}

/// What the writer should do next.
#[derive(Debug)]
pub enum Next {
    /// Write these messages (joined with `\n` into one frame).
    Messages(Vec<Bytes>),
    /// Write these messages, then close with this code.
    Close(Vec<Bytes>, Disconnect),
}

impl Outbox {
    pub fn new(max_bytes: usize) -> Self {
        Self {
            state: Mutex::new(State::default()),
            notify: Notify::new(),
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

    /// Queues one message. Returns false when the connection is closing (the message is
    /// dropped) or when this message overflowed the queue, which closes it with `3008 slow`.
    pub fn push(&self, msg: Bytes) -> bool {
        let mut st = self.lock();
        if st.close.is_some() {
            return false;
        }
        if st.bytes + msg.len() > self.max_bytes {
            st.close = Some(Disconnect::new(Disconnect::SLOW));
            st.items.clear();
            st.bytes = 0;
            drop(st);
            self.notify.notify_one();
            return false;
        }
        st.bytes += msg.len();
        st.items.push_back(msg);
        drop(st);
        self.notify.notify_one();
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
        self.notify.notify_one();
        true
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
        self.notify.notify_one();
    }

    /// Whether a close is pending or done.
    pub fn is_closing(&self) -> bool {
        self.lock().close.is_some()
    }

    /// Waits for work: all queued messages, or the close.
    pub async fn next(&self) -> Next {
        loop {
            {
                let mut st = self.lock();
                if let Some(d) = st.close.clone() {
                    let items: Vec<Bytes> = st.items.drain(..).collect();
                    st.bytes = 0;
                    return Next::Close(items, d);
                }
                if !st.items.is_empty() && !st.held {
                    let items: Vec<Bytes> = st.items.drain(..).collect();
                    st.bytes = 0;
                    return Next::Messages(items);
                }
            }
            self.notify.notified().await;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drains_in_order_then_closes() {
        let o = Outbox::new(1024);
        assert!(o.push(Bytes::from_static(b"a")));
        assert!(o.push(Bytes::from_static(b"b")));
        match o.next().await {
            Next::Messages(m) => {
                assert_eq!(m, vec![Bytes::from_static(b"a"), Bytes::from_static(b"b")]);
            }
            Next::Close(..) => panic!("no close yet"),
        }
        assert!(o.push(Bytes::from_static(b"c")));
        assert!(o.close(Disconnect::new(3503)));
        assert!(!o.close(Disconnect::new(3001)), "first close wins");
        assert!(!o.push(Bytes::from_static(b"d")));
        match o.next().await {
            Next::Close(m, d) => {
                assert_eq!(m, vec![Bytes::from_static(b"c")]);
                assert_eq!(d.code, 3503);
            }
            Next::Messages(_) => panic!("expected close"),
        }
    }

    #[tokio::test]
    async fn held_messages_wait_for_the_first() {
        let o = Outbox::new(1024);
        o.hold();
        assert!(o.push(Bytes::from_static(b"pub")));
        let waited = tokio::time::timeout(std::time::Duration::from_millis(20), o.next()).await;
        assert!(waited.is_err(), "held queue must not deliver");
        o.release_front(Bytes::from_static(b"connect"));
        match o.next().await {
            Next::Messages(m) => assert_eq!(
                m,
                vec![Bytes::from_static(b"connect"), Bytes::from_static(b"pub")]
            ),
            Next::Close(..) => panic!("no close"),
        }
    }

    #[tokio::test]
    async fn overflow_closes_slow() {
        let o = Outbox::new(4);
        assert!(o.push(Bytes::from_static(b"abc")));
        assert!(!o.push(Bytes::from_static(b"de")));
        match o.next().await {
            Next::Close(m, d) => {
                assert!(m.is_empty());
                assert_eq!(d.code, 3008);
            }
            Next::Messages(_) => panic!("expected slow close"),
        }
    }
}
