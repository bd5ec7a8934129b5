use super::*;
use crate::cli::Cli;
use clap::Parser;

const NOW: i64 = 1_764_858_235;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW as u64)
}

/// `centri push send ARGS` parsed by clap, then built.
fn parse(args: &[&str]) -> PushSendArgs {
    let cli = Cli::try_parse_from(["centri", "push", "send"].iter().chain(args))
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    match cli.command {
        crate::cli::Command::Push(crate::cli::PushCmd::Send(a)) => *a,
        other => panic!("{other:?}"),
    }
}

fn req(args: &[&str]) -> SendPushRequest {
    build(&parse(args), now()).unwrap_or_else(|e| panic!("{args:?}: {e:?}"))
}

fn json_of(args: &[&str]) -> Value {
    serde_json::to_value(req(args)).unwrap()
}

/// The usage error of `args` (clap's or the builder's): (exit code, message).
fn usage(args: &[&str]) -> (u8, String) {
    match Cli::try_parse_from(["centri", "push", "send"].iter().chain(args)) {
        Err(e) => (2, e.to_string()),
        Ok(cli) => match cli.command {
            crate::cli::Command::Push(crate::cli::PushCmd::Send(a)) => {
                let f = build(&a, now()).expect_err("a usage error");
                (f.class.exit_code(), f.message)
            }
            other => panic!("{other:?}"),
        },
    }
}

#[test]
fn users_topics_and_devices_make_one_filter_and_every_provider_a_message() {
    let v = json_of(&[
        "--user", "42", "-u", "43", "--topic", "news", "--device", "d1", "--title", "Hi", "--body",
        "There",
    ]);
    assert_eq!(
        v["recipient"],
        json!({"filter": {"ids": ["d1"], "users": ["42", "43"], "topics": ["news"]}})
    );
    let n = &v["notification"];
    assert_eq!(
        n["fcm"],
        json!({"message": {"notification": {"title": "Hi", "body": "There"}}})
    );
    assert_eq!(
        n["hms"],
        json!({"message": {"notification": {"title": "Hi", "body": "There"},
               "android": {"notification": {"click_action": {"type": 3}}}}})
    );
    assert_eq!(
        n["apns"],
        json!({"payload": {"aps": {"alert": {"title": "Hi", "body": "There"}}}})
    );
    assert_eq!(
        n["webpush"],
        json!({"payload": {"title": "Hi", "body": "There"}})
    );
    // nothing else is set
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["recipient", "notification"]);
    assert!(n.get("expire_at").is_none());
}

#[test]
fn data_goes_where_each_provider_wants_it() {
    let v = json_of(&[
        "--topic", "t", "--body", "b", "--data", "thread=7", "--data", "k=a=b",
    ]);
    let n = &v["notification"];
    assert_eq!(
        n["fcm"]["message"]["data"],
        json!({"thread": "7", "k": "a=b"})
    );
    // HMS: a string of JSON
    let hms = n["hms"]["message"]["data"].as_str().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(hms).unwrap(),
        json!({"thread": "7", "k": "a=b"})
    );
    assert_eq!(
        n["apns"]["payload"],
        json!({"aps": {"alert": {"body": "b"}}, "thread": "7", "k": "a=b"})
    );
    assert_eq!(
        n["webpush"]["payload"],
        json!({"body": "b", "data": {"thread": "7", "k": "a=b"}})
    );
    // data only: no notification part, and APNs as a background push
    let n = json_of(&["--topic", "t", "--data", "sync=1"])["notification"].clone();
    assert_eq!(n["fcm"], json!({"message": {"data": {"sync": "1"}}}));
    assert_eq!(n["hms"], json!({"message": {"data": "{\"sync\":\"1\"}"}}));
    assert_eq!(
        n["apns"]["payload"],
        json!({"aps": {"content-available": 1}, "sync": "1"})
    );
    assert_eq!(n["webpush"]["payload"], json!({"data": {"sync": "1"}}));
    let (code, m) = usage(&["--topic", "t", "--data", "aps=1"]);
    assert_eq!(code, 2);
    assert!(m.contains("aps"), "{m}");
    let (code, m) = usage(&["--topic", "t", "--data", "novalue"]);
    assert_eq!(code, 2);
    assert!(m.contains("--data") && m.contains("KEY=VALUE"), "{m}");
}

#[test]
fn provider_narrows_the_filter_and_the_messages() {
    let v = json_of(&[
        "--user",
        "42",
        "--provider",
        "fcm",
        "--provider",
        "webpush",
        "--platform",
        "web",
        "--title",
        "T",
    ]);
    assert_eq!(
        v["recipient"]["filter"]["providers"],
        json!(["fcm", "webpush"])
    );
    assert_eq!(v["recipient"]["filter"]["platforms"], json!(["web"]));
    let n = v["notification"].as_object().unwrap();
    let mut keys: Vec<&String> = n.keys().collect();
    keys.sort();
    assert_eq!(keys, ["fcm", "webpush"]);
    // --provider and --platform alone select nobody: --all says every device
    let (code, m) = usage(&["--provider", "fcm", "--title", "T"]);
    assert_eq!(code, 2);
    assert!(m.contains("--all"), "{m}");
    let v = json_of(&["--all", "--platform", "ios", "--title", "T"]);
    assert_eq!(v["recipient"]["filter"], json!({"platforms": ["ios"]}));
    let v = json_of(&["--all", "--title", "T"]);
    assert_eq!(v["recipient"], json!({"filter": {}}));
    assert_eq!(
        describe(&serde_json::from_value(v["recipient"].clone()).unwrap()),
        "every device"
    );
    let (code, m) = usage(&["--all", "--user", "1", "--title", "T"]);
    assert_eq!(code, 2);
    assert!(m.contains("--all") && m.contains("--user"), "{m}");
    let (code, m) = usage(&["--user", "1", "--provider", "sms", "--title", "T"]);
    assert_eq!(code, 2);
    assert!(m.contains("sms"), "{m}");
}

#[test]
fn tokens_topics_and_conditions_target_their_provider_only() {
    let v = json_of(&["--fcm-token", "a", "--fcm-token", "b", "--title", "T"]);
    assert_eq!(v["recipient"], json!({"fcm_tokens": ["a", "b"]}));
    assert_eq!(
        v["notification"],
        json!({"fcm": {"message": {"notification": {"title": "T"}}}})
    );
    let cases: [(&[&str], Value, &str); 6] = [
        (&["--hms-token", "h"], json!({"hms_tokens": ["h"]}), "hms"),
        (
            &["--apns-token", "x"],
            json!({"apns_tokens": ["x"]}),
            "apns",
        ),
        (
            &["--fcm-topic", "news"],
            json!({"fcm_topic": "news"}),
            "fcm",
        ),
        (
            &["--fcm-condition", "'a' in topics"],
            json!({"fcm_condition": "'a' in topics"}),
            "fcm",
        ),
        (
            &["--hms-topic", "news"],
            json!({"hms_topic": "news"}),
            "hms",
        ),
        (
            &["--hms-condition", "c"],
            json!({"hms_condition": "c"}),
            "hms",
        ),
    ];
    for (flags, recipient, provider) in cases {
        let mut args = flags.to_vec();
        args.extend(["--body", "B"]);
        let v = json_of(&args);
        assert_eq!(v["recipient"], recipient, "{flags:?}");
        let n: Vec<&String> = v["notification"].as_object().unwrap().keys().collect();
        assert_eq!(n, [provider], "{flags:?}");
    }
    assert_eq!(
        describe(&req(&["--apns-token", "x", "--body", "b"]).recipient),
        "1 apns token"
    );
    assert_eq!(
        describe(&req(&["--fcm-token", "x", "--fcm-token", "y", "--body", "b"]).recipient),
        "2 fcm tokens"
    );
    assert_eq!(
        describe(&req(&["--hms-topic", "news", "--body", "b"]).recipient),
        "hms topic news"
    );
    assert_eq!(
        describe(
            &req(&[
                "-u",
                "1",
                "-u",
                "2",
                "--topic",
                "n",
                "--provider",
                "fcm",
                "--body",
                "b"
            ])
            .recipient
        ),
        "devices with users 1, 2 and topic n and provider fcm"
    );
}

#[test]
fn no_recipient_two_recipients_or_no_message_are_usage_errors_naming_the_flags() {
    let (code, m) = usage(&["--title", "T"]);
    assert_eq!(code, 2);
    assert!(m.starts_with("no recipient") && m.contains("--user"), "{m}");
    let (code, m) = usage(&["--user", "1", "--fcm-token", "t", "--title", "T"]);
    assert_eq!(code, 2);
    assert!(
        m.contains("device filter") && m.contains("--fcm-token"),
        "{m}"
    );
    let (code, m) = usage(&["--fcm-topic", "a", "--hms-topic", "b", "--title", "T"]);
    assert_eq!(code, 2);
    assert!(m.contains("--fcm-topic and --hms-topic"), "{m}");
    let (code, m) = usage(&["--user", "1"]);
    assert_eq!(code, 2);
    assert!(m.starts_with("no message") && m.contains("--title"), "{m}");
}

#[test]
fn native_messages_win_for_their_provider() {
    let dir = std::env::temp_dir().join(format!("centri-send-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("apns.json");
    std::fs::write(
        &file,
        r#"{"headers": {"apns-priority": "5"}, "payload": {"aps": {"badge": 3}}}"#,
    )
    .unwrap();
    let at = format!("@{}", file.display());
    let v = json_of(&[
        "--topic",
        "t",
        "--title",
        "T",
        "--fcm",
        r#"{"android": {"priority": "high"}}"#,
        "--hms",
        r#"{"message": {"android": {"urgency": "HIGH"}}}"#,
        "--apns",
        &at,
        "--webpush",
        r#""plain text""#,
    ]);
    let n = &v["notification"];
    assert_eq!(
        n["fcm"],
        json!({"message": {"android": {"priority": "high"}}})
    );
    assert_eq!(
        n["hms"],
        json!({"message": {"android": {"urgency": "HIGH"}}})
    );
    assert_eq!(
        n["apns"],
        json!({"headers": {"apns-priority": "5"}, "payload": {"aps": {"badge": 3}}})
    );
    assert_eq!(n["webpush"], json!({"payload": "plain text"}));
    // a bare APNs payload, a Web Push form with options
    let v = json_of(&[
        "--topic",
        "t",
        "--apns",
        r#"{"aps": {"alert": "x"}, "payload": 1}"#,
        "--webpush",
        r#"{"payload": {"a": 1}, "ttl": 60, "urgency": "high"}"#,
    ]);
    let n = &v["notification"];
    assert_eq!(
        n["apns"],
        json!({"payload": {"aps": {"alert": "x"}, "payload": 1}})
    );
    assert_eq!(
        n["webpush"],
        json!({"payload": {"a": 1}, "ttl": 60, "urgency": "high"})
    );
    // only natives: the other providers get nothing
    let v = json_of(&["--topic", "t", "--fcm", "{}"]);
    let keys: Vec<&String> = v["notification"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["fcm"]);
    // bad natives
    for (args, want) in [
        (
            vec!["--topic", "t", "--fcm", "[1]"],
            "--fcm must be a JSON object",
        ),
        (
            vec!["--topic", "t", "--fcm", "{"],
            "--fcm is not valid JSON",
        ),
        (
            vec!["--topic", "t", "--apns", r#"{"payload": 1}"#],
            "--apns",
        ),
        (
            vec!["--topic", "t", "--apns", r#"{"payload": {}, "x": 1}"#],
            "takes nothing else",
        ),
        (
            vec!["--fcm-token", "a", "--apns", "{}"],
            "--apns goes nowhere: the push goes to fcm only",
        ),
        (
            vec!["--topic", "t", "--provider", "fcm", "--hms", "{}"],
            "--hms goes nowhere",
        ),
        (
            vec!["--topic", "t", "--fcm", "@/nonexistent/centri/x.json"],
            "cannot read /nonexistent/centri/x.json",
        ),
        (
            vec!["--topic", "t", "--fcm", "-", "--hms", "-"],
            "only one flag can read stdin",
        ),
    ] {
        let (code, m) = usage(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(m.contains(want), "{args:?}: {m}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn when_to_send_and_when_to_give_up() {
    let v = json_of(&["--topic", "t", "--body", "b", "--send-at", "+10m"]);
    assert_eq!(v["send_at"], NOW + 600);
    let v = json_of(&[
        "--topic",
        "t",
        "--body",
        "b",
        "--send-at",
        "2030-01-01T00:00:00Z",
    ]);
    assert_eq!(v["send_at"], 1_893_456_000);
    let v = json_of(&[
        "--topic",
        "t",
        "--body",
        "b",
        "--send-at",
        "2030-01-01T02:00:00+02:00",
    ]);
    assert_eq!(v["send_at"], 1_893_456_000);
    let v = json_of(&["--topic", "t", "--body", "b", "--send-at", "1893456000"]);
    assert_eq!(v["send_at"], 1_893_456_000);
    // --expire-in counts from --send-at when there is one, else from now; rounded up
    let v = json_of(&["--topic", "t", "--body", "b", "--expire-in", "1h"]);
    assert_eq!(v["notification"]["expire_at"], NOW + 3600);
    let v = json_of(&[
        "--topic",
        "t",
        "--body",
        "b",
        "--send-at",
        "+1h",
        "--expire-in",
        "1500ms",
    ]);
    assert_eq!(v["notification"]["expire_at"], NOW + 3600 + 2);
    for (args, want) in [
        (vec!["--send-at", "tomorrow"], "RFC 3339"),
        (vec!["--send-at", "+soon"], "+10m"),
        (vec!["--send-at", "2020-01-01T00:00:00Z"], "in the past"),
        (vec!["--expire-in", "0s"], "longer than 0s"),
        (vec!["--expire-in", "x"], "--expire-in"),
    ] {
        let mut a = vec!["--topic", "t", "--body", "b"];
        a.extend(args.iter().copied());
        let (code, m) = usage(&a);
        assert_eq!(code, 2, "{args:?}");
        assert!(m.contains(want), "{args:?}: {m}");
    }
}

#[test]
fn ids_templates_and_localizations() {
    let v = json_of(&[
        "--topic",
        "t",
        "--title",
        "{{.greeting}}",
        "--uid",
        "send-1",
        "--analytics-uid",
        "campaign-7",
        "--template",
        "--meta",
        "--reliable",
        "--l10n",
        "de:greeting=Hallo",
        "--l10n",
        "de:bye=Tschüss: bis bald",
        "--l10n",
        "fr:greeting=Bonjour",
    ]);
    assert_eq!(v["uid"], "send-1");
    assert_eq!(v["analytics_uid"], "campaign-7");
    assert_eq!(v["use_templating"], true);
    assert_eq!(v["use_meta"], true);
    assert_eq!(v["optimize_for_reliability"], true);
    assert_eq!(
        v["localizations"],
        json!({"de": {"translations": {"greeting": "Hallo", "bye": "Tschüss: bis bald"}},
               "fr": {"translations": {"greeting": "Bonjour"}}})
    );
    for (args, want) in [
        (vec!["--l10n", "de:greeting=Hallo"], "--template"),
        (vec!["--meta"], "--template"),
        (
            vec!["--template", "--l10n", "greeting=Hallo"],
            "LANG:KEY=VALUE",
        ),
        (vec!["--template", "--l10n", ":k=v"], "LANG:KEY=VALUE"),
        (vec!["--template", "--l10n", "de:=v"], "LANG:KEY=VALUE"),
    ] {
        let mut a = vec!["--topic", "t", "--body", "b"];
        a.extend(args.iter().copied());
        let (code, m) = usage(&a);
        assert_eq!(code, 2, "{args:?}");
        assert!(m.contains(want), "{args:?}: {m}");
    }
}

#[test]
fn rate_and_time_limits() {
    let v = json_of(&[
        "--topic",
        "t",
        "--body",
        "b",
        "--rate-limit",
        "1/1m",
        "--rate-limit",
        "5/h",
        "--rate-limit-key",
        "{{.device.user}}",
        "--drop-if-rate-limited",
        "--between",
        "09:00-21:30:15",
        "--no-tz-send-now",
    ]);
    assert_eq!(
        v["limit_strategy"],
        json!({
            "rate_limit": {"key": "{{.device.user}}", "drop_if_rate_limited": true,
                "policies": [{"rate": 1, "interval_ms": 60_000}, {"rate": 5, "interval_ms": 3_600_000}]},
            "time_limit": {"send_after_time": "09:00:00", "send_before_time": "21:30:15",
                "no_tz_send_now": true}
        })
    );
    // each alone
    let v = json_of(&["--topic", "t", "--body", "b", "--rate-limit", "2/10s"]);
    assert_eq!(
        v["limit_strategy"],
        json!({"rate_limit": {"policies": [{"rate": 2, "interval_ms": 10_000}]}})
    );
    let v = json_of(&[
        "--topic",
        "t",
        "--body",
        "b",
        "--between",
        "22:00:00-06:00:00",
    ]);
    assert_eq!(
        v["limit_strategy"],
        json!({"time_limit": {"send_after_time": "22:00:00", "send_before_time": "06:00:00"}})
    );
    for (args, want) in [
        (vec!["--rate-limit", "1"], "RATE/INTERVAL"),
        (vec!["--rate-limit", "0/1m"], "at least 1"),
        (vec!["--rate-limit", "x/1m"], "whole number"),
        (vec!["--rate-limit", "1/fortnight"], "--rate-limit"),
        (vec!["--rate-limit-key", "k"], "--rate-limit"),
        (vec!["--drop-if-rate-limited"], "--rate-limit"),
        (vec!["--between", "9-17"], "HH:MM:SS-HH:MM:SS"),
        (vec!["--between", "24:00-06:00"], "HH:MM:SS-HH:MM:SS"),
        (vec!["--between", "10:00-10:00:00"], "empty window"),
        (vec!["--no-tz-send-now"], "--between"),
    ] {
        let mut a = vec!["--topic", "t", "--body", "b"];
        a.extend(args.iter().copied());
        let (code, m) = usage(&a);
        assert_eq!(code, 2, "{args:?}");
        assert!(m.contains(want), "{args:?}: {m}");
    }
    let (code, m) = usage(&["--fcm-token", "a", "--body", "b", "--rate-limit", "1/1m"]);
    assert_eq!(code, 2);
    assert!(m.contains("apply to devices"), "{m}");
}

#[test]
fn run_flags_parse_and_clash() {
    let a = parse(&["--topic", "t", "--body", "b", "--dry-run"]);
    assert!(a.dry_run && !a.wait);
    assert_eq!(a.interval, Duration::from_secs(1));
    let a = parse(&[
        "--topic",
        "t",
        "--body",
        "b",
        "--wait",
        "--interval",
        "250ms",
        "--wait-timeout",
        "1m",
    ]);
    assert!(a.wait);
    assert_eq!(a.interval, Duration::from_millis(250));
    assert_eq!(a.wait_timeout, Some(Duration::from_secs(60)));
    let (code, m) = usage(&["--topic", "t", "--body", "b", "--dry-run", "--wait"]);
    assert_eq!(code, 2);
    assert!(m.contains("--dry-run") && m.contains("--wait"), "{m}");
    let (code, m) = usage(&["--topic", "t", "--body", "b", "--wait-timeout", "1m"]);
    assert_eq!(code, 2);
    assert!(m.contains("--wait"), "{m}");
}
