//! The behaviour every [`Queue`] backend shares, as one suite the backends' tests run.

use super::{Counts, NewSend, Queue, Task, Work};
use crate::server::push::store::now_ms;

/// A send of `uid` with `tasks`, due now, all planned.
pub fn send(uid: &str, tasks: Vec<Work>) -> NewSend {
    let now = now_ms();
    NewSend {
        uid: uid.into(),
        request: "{}".into(),
        recipient: "test".into(),
        analytics_uid: uid.into(),
        created_at: now,
        due: now,
        expire_at: 0,
        total: tasks.len() as u64,
        planned: true,
        tasks,
    }
}

fn claim(q: &dyn Queue) -> Option<Task> {
    q.claim("w", now_ms()).unwrap()
}

fn sent(provider: &str, n: u64) -> Counts {
    let mut c = Counts::default();
    c.add(provider, "sent", "", n);
    c
}

pub fn run(q: &dyn Queue) {
    idempotent_submit_and_finish(q);
    plan_adds_tasks_and_the_send_ends_with_its_last_task(q);
    progress_survives_a_reclaim_and_counts_add_up(q);
    scheduled_sends_wait_and_cancel_removes_them(q);
    deferred_tasks_wait_for_their_time(q);
    reports_count_by_analytics_uid(q);
}

fn idempotent_submit_and_finish(q: &dyn Queue) {
    let native = Work::Native {
        provider: "fcm".into(),
    };
    assert!(q.submit(&send("s1", vec![native.clone()])).unwrap());
    assert!(
        !q.submit(&send("s1", vec![native.clone()])).unwrap(),
        "a known uid"
    );
    let st = q.status("s1").unwrap().unwrap();
    assert_eq!((st.state.as_str(), st.total), ("queued", 1));
    let t = claim(q).unwrap();
    assert_eq!((t.uid.as_str(), &t.work), ("s1", &native));
    assert!(claim(q).is_none(), "one task only, and it is claimed");
    q.finish(&t, &sent("fcm", 1), false).unwrap();
    let st = q.status("s1").unwrap().unwrap();
    assert_eq!(st.state, "done");
    assert!(st.finished_at > 0);
    assert_eq!((st.done, st.providers["fcm"].sent), (1, 1));
    assert!(q.status("nope").unwrap().is_none());
    assert!(
        !q.cancel("s1", now_ms()).unwrap(),
        "a finished send is not cancelled"
    );
}

fn plan_adds_tasks_and_the_send_ends_with_its_last_task(q: &dyn Queue) {
    let mut s = send(
        "s2",
        vec![Work::Plan {
            cursor: String::new(),
        }],
    );
    s.planned = false;
    s.total = 0;
    q.submit(&s).unwrap();
    let plan = claim(q).unwrap();
    let range = |a: &str, b: &str| Work::Devices {
        after: a.into(),
        upto: b.into(),
        done: a.into(),
    };
    q.plan(
        &plan,
        &Work::Plan {
            cursor: "d2".into(),
        },
        &[range("", "d2")],
        2,
    )
    .unwrap();
    let first = claim(q).unwrap();
    assert_eq!(first.work, range("", "d2"));
    q.plan(
        &plan,
        &Work::Plan {
            cursor: "d3".into(),
        },
        &[range("d2", "d3")],
        1,
    )
    .unwrap();
    q.finish(&plan, &Counts::default(), true).unwrap();
    q.finish(&first, &sent("apns", 2), false).unwrap();
    let st = q.status("s2").unwrap().unwrap();
    assert_eq!(
        (st.state.as_str(), st.total, st.planned),
        ("sending", 3, true)
    );
    let second = claim(q).unwrap();
    assert_eq!(second.work, range("d2", "d3"));
    let mut c = Counts::default();
    c.add("apns", "failed", "", 1);
    c.add("apns", "errors", "BadDeviceToken", 1);
    c.add("apns", "removed", "", 1);
    q.finish(&second, &c, false).unwrap();
    let st = q.status("s2").unwrap().unwrap();
    assert_eq!(st.state, "done");
    let a = &st.providers["apns"];
    assert_eq!((a.sent, a.failed, a.removed, st.done), (2, 1, 1, 3));
    assert_eq!(a.errors["BadDeviceToken"], 1);
}

fn progress_survives_a_reclaim_and_counts_add_up(q: &dyn Queue) {
    let tokens = Work::Tokens {
        provider: "hms".into(),
        from: 0,
        to: 10,
        done: 0,
    };
    q.submit(&send("s3", vec![tokens])).unwrap();
    let t = claim(q).unwrap();
    let later = Work::Tokens {
        provider: "hms".into(),
        from: 0,
        to: 10,
        done: 4,
    };
    q.progress(&t, &later, &sent("hms", 4)).unwrap();
    let st = q.status("s3").unwrap().unwrap();
    assert_eq!((st.state.as_str(), st.done), ("sending", 4));
    q.finish(&Task { work: later, ..t }, &sent("hms", 6), false)
        .unwrap();
    assert_eq!(q.status("s3").unwrap().unwrap().providers["hms"].sent, 10);
}

fn scheduled_sends_wait_and_cancel_removes_them(q: &dyn Queue) {
    let mut s = send(
        "s4",
        vec![Work::Native {
            provider: "fcm".into(),
        }],
    );
    s.due = now_ms() + 3_600_000;
    q.submit(&s).unwrap();
    assert_eq!(q.status("s4").unwrap().unwrap().state, "scheduled");
    assert!(claim(q).is_none(), "not due");
    assert!(q.claim("w", s.due).unwrap().is_some(), "due then");
    assert!(!q.cancelled("s4").unwrap());
    assert!(q.cancel("s4", now_ms()).unwrap());
    assert!(q.cancelled("s4").unwrap());
    assert_eq!(q.status("s4").unwrap().unwrap().state, "cancelled");
    assert!(
        q.claim("w", s.due + 1).unwrap().is_none(),
        "its tasks are gone"
    );
    assert!(!q.cancel("s4", now_ms()).unwrap(), "once");
    assert!(!q.cancel("unknown", now_ms()).unwrap());
}

fn deferred_tasks_wait_for_their_time(q: &dyn Queue) {
    q.submit(&send(
        "s5",
        vec![Work::Native {
            provider: "fcm".into(),
        }],
    ))
    .unwrap();
    let t = claim(q).unwrap();
    let later = now_ms() + 60_000;
    let mut delayed = Counts::default();
    delayed.add("fcm", "delayed", "", 1);
    q.defer("s5", &Work::Device { id: "d9".into() }, later, &delayed)
        .unwrap();
    q.finish(&t, &Counts::default(), false).unwrap();
    let st = q.status("s5").unwrap().unwrap();
    assert_eq!(
        (st.state.as_str(), st.providers["fcm"].delayed),
        ("queued", 1)
    );
    assert!(claim(q).is_none(), "not yet");
    let d = q.claim("w", later).unwrap().unwrap();
    assert_eq!(d.work, Work::Device { id: "d9".into() });
    q.finish(&d, &sent("fcm", 1), false).unwrap();
    assert_eq!(q.status("s5").unwrap().unwrap().state, "done");
}

fn reports_count_by_analytics_uid(q: &dyn Queue) {
    q.submit(&send("s6", vec![])).unwrap();
    assert_eq!(
        q.status("s6").unwrap().unwrap().state,
        "done",
        "nothing to send"
    );
    q.report("s6", "delivered").unwrap();
    q.report("s6", "delivered").unwrap();
    q.report("s6", "interacted").unwrap();
    let st = q.status("s6").unwrap().unwrap();
    assert_eq!(st.reported["delivered"], 2);
    assert_eq!(st.reported["interacted"], 1);
    let list = q.list(100).unwrap();
    assert!(list.iter().any(|s| s.uid == "s6"));
    assert!(q.list(1).unwrap().len() == 1);
}
