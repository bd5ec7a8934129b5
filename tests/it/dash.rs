//! `centri dash` in a real terminal (issue #7): tmux runs the binary against a real
//! `centri serve`, keys go in with `send-keys`, the screen comes back with `capture-pane`.
//! Checks that live data appears (the node, a channel, a user's trace), that the filter and
//! pause work, that a server going away shows the banner, and that `q` leaves the terminal as
//! it was (alternate screen left, cooked mode back). tmux is required: the test fails, loudly,
//! without it (`.ci/run` installs it).

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::json;

use super::util::{bin, fresh_dir, test_config, Client, Server, API_KEY};

const ADMIN_KEY: &str = "dash-admin-key";
/// The longest any one screen is waited for.
const WAIT: Duration = Duration::from_secs(20);

/// A detached tmux session on its own socket, killed on drop.
struct Tmux {
    socket: String,
}

/// Numbers tmux servers: tests run in parallel in one process, one server each.
static TMUX_N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

impl Tmux {
    fn start(cols: u16, rows: u16, shell: &str) -> Self {
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.as_ref().is_ok_and(|o| o.status.success()),
            "tmux is required for the dashboard's end-to-end test (apt-get install tmux; .ci/run \
             installs it): {version:?}"
        );
        let n = TMUX_N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let t = Self {
            socket: format!("centri-dash-{}-{n}", std::process::id()),
        };
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-s",
            "dash",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            shell,
        ]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap()
    }

    /// Named keys (`Enter`, `Tab`, `Escape`, `p`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "dash"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Literal text, as typed.
    fn text(&self, text: &str) {
        assert!(self
            .tmux(&["send-keys", "-t", "dash", "-l", text])
            .status
            .success());
    }

    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", "dash"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn alternate_screen(&self) -> bool {
        let out = self.tmux(&["display-message", "-p", "-t", "dash", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Polls the screen until `pred` holds (bounded by [`WAIT`]); the screen that matched.
    async fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {what} within {WAIT:?}; last screen:\n{s}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
            .await
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// Trace lines (they start with a time) that show an event of this type.
fn trace_lines_of<'a>(screen: &'a str, kind: &str) -> Vec<&'a str> {
    screen
        .lines()
        .filter(|l| {
            let t = l.trim_start_matches(['│', ' ', '▶']);
            t.len() > 12 && t.as_bytes()[2] == b':' && t.split_whitespace().nth(2) == Some(kind)
        })
        .collect()
}

#[tokio::test]
async fn dash_in_tmux_shows_live_data_traces_filters_pauses_and_restores_the_terminal() {
    let mut cfg = test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    // no pings during the test: pongs would be traced as commands
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    let server = Server::start_binary(cfg).await;
    let ws = server.ws_url();
    // someone already there: a channel with a subscriber
    let (mut lobby, _) = Client::connect(&ws, "7").await;
    let r = lobby
        .call(json!({"subscribe": {"channel": "chat:lobby"}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");

    let home = fresh_dir("dash-e2e");
    let log = home.join("dash.log");
    let shell = format!(
        "env -u CENTRI_CONTEXT -u CENTRI_SERVER -u CENTRI_API_KEY -u CENTRI_ADMIN_KEY \
         PS1='$ ' XDG_CONFIG_HOME={home} XDG_STATE_HOME={home} sh",
        home = home.display()
    );
    let tmux = Tmux::start(120, 36, &shell);
    tmux.text(&format!(
        "{} -s http://{} --api-key {API_KEY} --admin-key {ADMIN_KEY} dash --log-file {}; echo DASH-EXIT=$?",
        bin().display(),
        server.addr,
        log.display()
    ));
    tmux.keys(&["Enter"]);

    // the overview: the header and the real node
    let s = tmux
        .wait_for("the overview with the node", |s| {
            s.contains("centri dash") && s.contains("test-node") && s.contains("live")
        })
        .await;
    assert!(s.contains(&format!("http://{}", server.addr)), "{s}");
    assert!(
        tmux.alternate_screen(),
        "the dashboard draws on the alternate screen"
    );

    // a resize redraws the whole layout at the new width
    assert!(tmux
        .tmux(&["resize-window", "-t", "dash", "-x", "90", "-y", "30"])
        .status
        .success());
    tmux.wait_for("the overview redrawn 90 columns wide", |s| {
        s.lines()
            .any(|l| l.starts_with("┌ Nodes ") && l.chars().count() == 90 && l.ends_with('┐'))
    })
    .await;

    // Tab: channels, with the lobby's subscriber
    tmux.keys(&["Tab"]);
    tmux.wait_for("the channel list", |s| {
        s.contains("[2 Channels]") && s.contains("chat:lobby")
    })
    .await;

    // start a trace of user 42, then user 42 connects and subscribes
    tmux.text(":trace user 42");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the trace attached", |s| {
        s.contains("Trace user 42") && s.contains("live") && s.contains("waiting for events")
    })
    .await;
    let (mut c, _) = Client::connect(&ws, "42").await;
    let r = c.call(json!({"subscribe": {"channel": "chat:e2e"}})).await;
    assert!(r.get("subscribe").is_some(), "{r}");
    let s = tmux
        .wait_for("user 42's connect and subscribe", |s| {
            !trace_lines_of(s, "connect").is_empty()
                && trace_lines_of(s, "subscribe")
                    .iter()
                    .any(|l| l.contains("chat:e2e"))
        })
        .await;
    assert!(trace_lines_of(&s, "connect")[0].contains("user 42"), "{s}");

    // filter: only subscribes stay
    tmux.keys(&["/"]);
    tmux.text("type == \"subscribe\"");
    tmux.keys(&["Enter"]);
    let s = tmux
        .wait_for("the filtered trace", |s| {
            s.contains("filter: type == \"subscribe\"") && trace_lines_of(s, "connect").is_empty()
        })
        .await;
    assert_eq!(trace_lines_of(&s, "subscribe").len(), 1, "{s}");

    // pause: a new subscribe is held, not shown; resume shows it
    tmux.keys(&["p"]);
    tmux.wait_text("PAUSED").await;
    let r = c
        .call(json!({"subscribe": {"channel": "chat:paused"}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");
    let s = tmux
        .wait_for("held trace events in the header", |s| {
            s.contains("PAUSED: ") && s.contains(" held")
        })
        .await;
    assert!(!s.contains("chat:paused"), "shown while paused:\n{s}");
    tmux.keys(&["p"]);
    let s = tmux
        .wait_for("the held event after resuming", |s| {
            !s.contains("PAUSED") && s.contains("chat:paused")
        })
        .await;
    assert_eq!(trace_lines_of(&s, "subscribe").len(), 2, "{s}");

    // the server goes away: a banner, and the dashboard keeps running
    drop(c);
    drop(lobby);
    server.stop().await;
    tmux.wait_for("the unreachable banner", |s| {
        s.contains("SERVER UNREACHABLE") && s.contains("(backoff)")
    })
    .await;

    // q: the dashboard exits 0 and the shell is back, in cooked mode, on the main screen
    tmux.keys(&["q"]);
    let s = tmux.wait_text("DASH-EXIT=0").await;
    assert!(!tmux.alternate_screen(), "the alternate screen was left");
    assert!(
        !s.contains("test-node") && !s.contains("SERVER UNREACHABLE"),
        "{s}"
    );
    tmux.text("echo restored-$((40+2))");
    tmux.keys(&["Enter"]);
    tmux.wait_text("restored-42").await;

    // logs went to the file, never to the screen
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("dash started") && text.contains("trace attached"),
        "{text}"
    );
    assert!(!s.contains(" INFO ") && !s.contains(" WARN "), "{s}");
}

/// Issue 15 (item 4): a server that answers HTTP 401 is not "unreachable". The dashboard says
/// which key was refused and where it comes from, and re-reads the context on each retry, so
/// that fixing the key there is enough: no restart.
#[tokio::test]
async fn dash_tells_a_refused_key_from_an_unreachable_server_and_picks_up_a_fixed_context() {
    let mut cfg = test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    let server = Server::start(cfg).await;
    let url = format!("http://{}", server.addr);
    let home = fresh_dir("dash-401");
    let (code, _, err) = super::util::centri_env(
        &home,
        &[
            "context",
            "add",
            "dev",
            "--server",
            &url,
            "--api-key",
            "stale-key",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let shell = format!(
        "env -u CENTRI_CONTEXT -u CENTRI_SERVER -u CENTRI_API_KEY -u CENTRI_ADMIN_KEY \
         PS1='$ ' XDG_CONFIG_HOME={home} XDG_STATE_HOME={home} sh",
        home = home.display()
    );
    let tmux = Tmux::start(120, 36, &shell);
    tmux.text(&format!(
        "{} dash --refresh 200ms --log-file {}; echo DASH-EXIT=$?",
        bin().display(),
        home.join("dash.log").display()
    ));
    tmux.keys(&["Enter"]);
    let s = tmux
        .wait_for("the refused key", |s| s.contains("UNAUTHORIZED"))
        .await;
    assert!(!s.contains("UNREACHABLE"), "a 401 is not unreachable:\n{s}");
    let s = tmux
        .wait_for("which key and where from", |s| {
            s.contains("stal… (9 chars)") && s.contains("context \"dev\"")
        })
        .await;
    assert!(s.contains("centri context"), "says how to fix it:\n{s}");
    assert!(!s.contains("stale-key"), "the key is masked:\n{s}");

    // the key is fixed in the context: the running dashboard picks it up
    let fix = |admin_key: &str| {
        let (code, _, err) = super::util::centri_env(
            &home,
            &[
                "context",
                "add",
                "dev",
                "--server",
                &url,
                "--api-key",
                API_KEY,
                "--admin-key",
                admin_key,
            ],
            &[],
        );
        assert_eq!(code, 0, "{err}");
    };
    fix("stale-admin-key");
    tmux.wait_for("live data with the new key", |s| {
        s.contains("test-node") && s.contains("● live") && !s.contains("UNAUTHORIZED")
    })
    .await;

    // the admin key too: a trace refused for it attaches once the context has the right one
    tmux.text(":trace user 42");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the trace refused", |s| {
        s.contains("Trace user 42") && s.contains("failed") && s.contains("admin key")
    })
    .await;
    fix(ADMIN_KEY);
    tmux.wait_for("the trace attached with the new admin key", |s| {
        s.contains("Trace user 42") && s.contains("· live ·") && s.contains("waiting for events")
    })
    .await;
    tmux.keys(&["q"]);
    tmux.wait_text("DASH-EXIT=0").await;
    server.stop().await;
}

#[test]
fn dash_without_a_terminal_is_a_usage_error_that_names_the_plain_reports() {
    let home = fresh_dir("dash-notty");
    let (code, out, err) = super::util::centri_env(&home, &["dash"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("centri dash needs a terminal") && err.contains("centri node ls --watch"),
        "{err}"
    );
}

/// The count the Push view shows beside `name` (a provider or a platform row), if on screen.
fn push_count(screen: &str, name: &str) -> Option<u64> {
    let marker = format!("│{name} ");
    screen.lines().find_map(|l| {
        let at = l.find(&marker)?;
        l[at + marker.len()..]
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    })
}

/// Issue 16: the Push view counts the devices registered on a real server by provider and
/// platform, shows the largest topics (`/admin/push/stats`), follows a registration on a
/// later refresh (the server reuses its stats for up to 5 s), and a user lookup (Enter, the
/// id, Enter) lists that user's devices and topics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dash_push_view_counts_real_devices_and_looks_a_user_up() {
    let mut cfg = test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    cfg["push_notifications"] = json!({"enabled": true});
    let server = Server::start(cfg).await;
    let register = |body: serde_json::Value| {
        let s = &server;
        async move {
            let (code, r) = s.api("device_register", body).await;
            assert!(code == 200 && r.get("result").is_some(), "{r}");
        }
    };
    for (provider, platform, token, user) in [
        ("fcm", "android", "fcm-e2e-1", "alice"),
        ("fcm", "android", "fcm-e2e-2", "alice"),
        ("fcm", "android", "fcm-e2e-3", "bob"),
        ("apns", "ios", "apns-e2e-1", "alice"),
    ] {
        register(json!({"provider": provider, "platform": platform, "token": token, "user": user}))
            .await;
    }
    let subscription = json!({"endpoint": "https://push.example.net/e2e/1", "keys": {
        "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
        "auth": "BTBZMqHH6r4Tts7J_aSIgg"}});
    register(
        json!({"provider": "webpush", "platform": "web", "token": subscription.to_string(),
                    "user": "carol"}),
    )
    .await;
    let (code, r) = server
        .api(
            "user_topic_update",
            json!({"user": "alice", "op": "add", "topics": ["e2e-news"]}),
        )
        .await;
    assert_eq!(code, 200, "{r}");

    let home = fresh_dir("dash-push");
    let shell = format!(
        "env -u CENTRI_CONTEXT -u CENTRI_SERVER -u CENTRI_API_KEY -u CENTRI_ADMIN_KEY \
         PS1='$ ' XDG_CONFIG_HOME={home} XDG_STATE_HOME={home} sh",
        home = home.display()
    );
    let tmux = Tmux::start(120, 36, &shell);
    tmux.text(&format!(
        "{} -s http://{} --api-key {API_KEY} --admin-key {ADMIN_KEY} dash --view push \
         --refresh 200ms --log-file {}; echo DASH-EXIT=$?",
        bin().display(),
        server.addr,
        home.join("dash.log").display()
    ));
    tmux.keys(&["Enter"]);
    let s = tmux
        .wait_for("the push counts", |s| {
            s.contains("[8 Push]") && s.contains("5 push devices")
        })
        .await;
    let counts = |s: &str| {
        ["fcm", "hms", "apns", "webpush", "ios", "android", "web"].map(|n| push_count(s, n))
    };
    assert_eq!(
        counts(&s),
        [3, 0, 1, 1, 1, 3, 1].map(Some),
        "fcm hms apns webpush ios android web:\n{s}"
    );
    // this server has /admin/push/stats: the largest topic is alice's, on her 3 devices
    assert!(s.contains("Largest topics"), "{s}");
    let topic = s
        .lines()
        .find(|l| l.contains("│e2e-news "))
        .unwrap_or_else(|| panic!("no e2e-news among the largest topics:\n{s}"));
    assert_eq!(
        topic
            .split("│e2e-news ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next()),
        Some("3"),
        "{s}"
    );

    // a registration shows on a later refresh
    register(
        json!({"provider": "hms", "platform": "android", "token": "hms-e2e-1", "user": "dan"}),
    )
    .await;
    let s = tmux
        .wait_for("the new hms device", |s| s.contains("6 push devices"))
        .await;
    assert_eq!(
        counts(&s),
        [3, 1, 1, 1, 1, 4, 1].map(Some),
        "fcm hms apns webpush ios android web:\n{s}"
    );

    // Enter, a user, Enter: that user's devices and topics
    tmux.keys(&["Enter"]);
    tmux.wait_text(":push user ").await;
    tmux.text("alice");
    tmux.keys(&["Enter"]);
    let s = tmux
        .wait_for("alice's devices", |s| {
            s.contains("Devices of alice · 3 devices") && s.contains("e2e-news")
        })
        .await;
    assert!(!s.contains("fcm-e2e-1"), "a whole token on screen:\n{s}");
    // Esc: back to the largest topics
    tmux.keys(&["Escape"]);
    tmux.wait_for("the lookup closed", |s| {
        !s.contains("Devices of alice") && s.contains("Largest topics")
    })
    .await;
    tmux.keys(&["q"]);
    tmux.wait_text("DASH-EXIT=0").await;
    server.stop().await;
}
