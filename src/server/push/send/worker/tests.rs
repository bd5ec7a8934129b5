//! `optimize_for_reliability` against a queue that fails for a moment: a real `SQLite` queue
//! whose progress writes fail three times in a row once the send is under way, and a
//! provider stand-in that counts what each token got. With the flag the task waits the
//! failures out and every device gets one push; without it the task gives up, is given back
//! to the queue, is taken again, and sends again what came after its last progress record.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::proto::push::send::{SendPushRequest, SendStatus};
use crate::server::metrics::PushMetrics;
use crate::server::push::send::provider::{Kind, Outcome, To};
use crate::server::push::send::queue::sqlite::SqliteQueue;
use crate::server::push::send::queue::{Counts, NewSend, Queue, QueueError, Task, Work};
use crate::server::push::send::{Deliver, Sender, Settings};
use crate::server::push::store::contract::{dev, LIMITS};
use crate::server::push::store::sqlite::SqliteStore;
use crate::server::push::store::Store;
use crate::server::trace::Tracers;

/// A real queue whose `progress` fails `armed` times once `after` progress calls went
/// through.
struct Flaky {
    inner: SqliteQueue,
    progress_calls: AtomicUsize,
    after: usize,
    fail_left: AtomicUsize,
}

impl Queue for Flaky {
    fn submit(&self, send: &NewSend) -> Result<bool, QueueError> {
        self.inner.submit(send)
    }
    fn request(&self, uid: &str) -> Result<Option<(String, i64)>, QueueError> {
        self.inner.request(uid)
    }
    fn claim(&self, worker: &str, now: i64) -> Result<Option<Task>, QueueError> {
        self.inner.claim(worker, now)
    }
    fn progress(&self, task: &Task, work: &Work, counts: &Counts) -> Result<(), QueueError> {
        if self.progress_calls.fetch_add(1, Ordering::SeqCst) >= self.after
            && self
                .fail_left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
        {
            return Err(QueueError("the queue is away for a moment".into()));
        }
        self.inner.progress(task, work, counts)
    }
    fn plan(&self, task: &Task, work: &Work, new: &[Work], found: u64) -> Result<(), QueueError> {
        self.inner.plan(task, work, new, found)
    }
    fn defer(&self, uid: &str, work: &Work, due: i64, counts: &Counts) -> Result<(), QueueError> {
        self.inner.defer(uid, work, due, counts)
    }
    fn finish(&self, task: &Task, counts: &Counts, planned: bool) -> Result<(), QueueError> {
        self.inner.finish(task, counts, planned)
    }
    fn cancel(&self, uid: &str, now: i64) -> Result<bool, QueueError> {
        self.inner.cancel(uid, now)
    }
    fn cancelled(&self, uid: &str) -> Result<bool, QueueError> {
        self.inner.cancelled(uid)
    }
    fn status(&self, uid: &str) -> Result<Option<SendStatus>, QueueError> {
        self.inner.status(uid)
    }
    fn list(&self, limit: usize) -> Result<Vec<SendStatus>, QueueError> {
        self.inner.list(limit)
    }
    fn report(&self, analytics_uid: &str, status: &str) -> Result<(), QueueError> {
        self.inner.report(analytics_uid, status)
    }
    fn heartbeat(&self, worker: &str, tasks: &[Task]) -> Result<(), QueueError> {
        self.inner.heartbeat(worker, tasks)
    }
    fn release(&self, task: &Task, due: i64) -> Result<(), QueueError> {
        self.inner.release(task, due)
    }
}

/// Stands in for the providers: counts the pushes per token, answers after a short wait.
#[derive(Default)]
struct Counting {
    got: Mutex<HashMap<String, u32>>,
}

impl Deliver for Counting {
    fn enabled(&self) -> Vec<Kind> {
        vec![Kind::Fcm]
    }
    fn send<'a>(
        &'a self,
        _kind: Kind,
        _message: &'a Value,
        to: To<'a>,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            if let To::Token(t) = to {
                *self.got.lock().unwrap().entry(t.to_string()).or_insert(0) += 1;
            }
            Outcome::Sent { id: None }
        })
    }
}

/// Sends to 400 devices with the queue failing 3 progress writes after the 2nd; the pushes
/// each token got.
async fn send_through_a_flaky_queue(reliable: bool) -> (SendStatus, HashMap<String, u32>) {
    let store = Arc::new(SqliteStore::memory(LIMITS).unwrap());
    for i in 0..400 {
        store
            .register(&dev("fcm", &format!("tok{i:04}"), &format!("u{i}"), &["t"]))
            .unwrap();
    }
    let queue = Arc::new(Flaky {
        inner: SqliteQueue::memory().unwrap(),
        progress_calls: AtomicUsize::new(0),
        after: 2,
        fail_left: AtomicUsize::new(3),
    });
    let deliver = Arc::new(Counting::default());
    let settings = Settings {
        chunk: 400,
        workers: 1,
        concurrency: 8,
        poll: Duration::from_millis(20),
        claim_after: Duration::from_millis(600),
        ..Settings::default()
    };
    let sender = Sender::new(
        queue,
        store,
        deliver.clone(),
        settings,
        Arc::new(Tracers::new("n".into())),
        PushMetrics::default(),
    );
    let stop = tokio_util::sync::CancellationToken::new();
    sender.start("n", &stop);
    let r: SendPushRequest = serde_json::from_value(json!({
        "recipient": {"filter": {"topics": ["t"]}},
        "notification": {"fcm": {"message": {"notification": {"title": "hi"}}}},
        "optimize_for_reliability": reliable,
    }))
    .unwrap();
    let uid = sender.submit(&r).unwrap().uid;
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        let s = sender.status(&uid).unwrap();
        if s.state == "done" || Instant::now() > deadline {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    stop.cancel();
    let got = deliver.got.lock().unwrap().clone();
    (status, got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_optimize_for_reliability_a_queue_outage_sends_nothing_twice() {
    let (status, got) = send_through_a_flaky_queue(true).await;
    assert_eq!(status.state, "done", "{status:?}");
    assert_eq!(got.len(), 400, "every device got a push");
    assert!(
        got.values().all(|&n| n == 1),
        "no device got two: {:?}",
        got.iter()
            .filter(|(_, &n)| n > 1)
            .take(5)
            .collect::<Vec<_>>()
    );
    assert_eq!(status.providers["fcm"].sent, 400, "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_it_the_task_starts_over_from_its_last_record() {
    let (status, got) = send_through_a_flaky_queue(false).await;
    assert_eq!(status.state, "done", "{status:?}");
    assert_eq!(got.len(), 400, "every device got a push");
    let twice = got.values().filter(|&&n| n > 1).count();
    assert!(
        twice > 0,
        "the failed task was taken again and sent some pushes again"
    );
    // what came after the last progress record (64), and what was in flight then (2 × 8)
    assert!(twice <= 64 + 16, "{twice} sent twice");
}
