use super::*;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

#[test]
fn durations_parse_like_go() {
    assert_eq!(
        parse_duration("25s").unwrap().value,
        Duration::from_secs(25)
    );
    assert_eq!(
        parse_duration("5m").unwrap().value,
        Duration::from_secs(300)
    );
    assert_eq!(
        parse_duration("720h").unwrap().value,
        Duration::from_secs(720 * 3600)
    );
    assert_eq!(
        parse_duration("1h30m").unwrap().value,
        Duration::from_secs(5400)
    );
    assert_eq!(
        parse_duration("500ms").unwrap().value,
        Duration::from_millis(500)
    );
    assert!(parse_duration("-1s").unwrap().negative);
    assert!(parse_duration("soon").is_err());
    assert_eq!(Dur::secs(300).to_string(), "5m");
}

#[test]
fn parses_centrifugo_config() {
    let text = r#"{
          "http_server": {"port": 9000},
          "client": {"token": {"hmac_secret_key": "s"}, "allowed_origins": ["*"], "ping_interval": "10s", "pong_timeout": "3s"},
          "http_api": {"key": "k"},
          "channel": {"without_namespace": {"presence": true},
                      "namespaces": [{"name": "chat", "history_size": 10, "history_ttl": "300s", "force_recovery": true}]}
        }"#;
    let l = load(text, &HashMap::new()).unwrap();
    assert!(l.unknown_keys.is_empty());
    assert_eq!(l.config.http_server.port, 9000);
    let chat = l.config.namespace("chat").unwrap();
    assert!(chat.history_enabled());
    assert!(l.config.namespace("nope").is_none());
}

#[test]
fn unknown_keys_are_named() {
    let l = load(r#"{"client": {"tokn": {}}, "bogus": 1, "channel": {"namespaces": [{"name": "ab", "presense": true}]}}"#, &HashMap::new()).unwrap();
    assert!(
        l.unknown_keys.contains(&"client.tokn".to_string()),
        "{:?}",
        l.unknown_keys
    );
    assert!(l.unknown_keys.contains(&"bogus".to_string()));
    assert!(
        l.unknown_keys.iter().any(|k| k.contains("presense")),
        "{:?}",
        l.unknown_keys
    );
}

#[test]
fn invalid_values_name_the_key() {
    let e = load(r#"{"client": {"ping_interval": "soon"}}"#, &HashMap::new()).unwrap_err();
    assert!(e.to_string().contains("client"), "{e}");
    assert!(e.to_string().contains("soon"), "{e}");
    let e = load(
        r#"{"channel": {"namespaces": [{"name": "a"}]}}"#,
        &HashMap::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("channel.namespaces[0].name"), "{e}");
    let e = load(
        r#"{"client": {"ping_interval": "5s", "pong_timeout": "8s"}}"#,
        &HashMap::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("client.pong_timeout"), "{e}");
    let e = load(r#"{"http_server": {"port": "x"}}"#, &HashMap::new()).unwrap_err();
    assert!(e.to_string().contains("http_server"), "{e}");
    let e = load("[1]", &HashMap::new()).unwrap_err();
    assert!(matches!(e, ConfigError::Json(_)));
    let e = load(
        r#"{"client":{"token":{"rsa_public_key":"nope"}}}"#,
        &HashMap::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("client.token.rsa_public_key"), "{e}");
}

#[test]
fn user_status_defaults_and_validation() {
    let l = load("{}", &HashMap::new()).unwrap();
    let us = &l.config.user_status;
    assert!(!us.enabled);
    assert_eq!(us.expire_interval, Dur::secs(720 * 3600));
    assert_eq!(us.online_interval, Dur::secs(25));
    let l = load(
        r#"{"user_status": {"enabled": true, "expire_interval": "2s", "online_interval": "1s"}}"#,
        &HashMap::new(),
    )
    .unwrap();
    assert!(l.unknown_keys.is_empty(), "{:?}", l.unknown_keys);
    assert_eq!(l.config.user_status.expire_interval, Dur::secs(2));
    for (cfg, key) in [
        (
            r#"{"user_status": {"expire_interval": "0"}}"#,
            "user_status.expire_interval",
        ),
        (
            r#"{"user_status": {"online_interval": "-1s"}}"#,
            "user_status.online_interval",
        ),
        (
            r#"{"user_status": {"expire_interval": "10s", "online_interval": "10s"}}"#,
            "user_status.online_interval",
        ),
        (
            r#"{"user_status": {"online_interval": "soon"}}"#,
            "user_status",
        ),
    ] {
        let e = load(cfg, &HashMap::new()).unwrap_err();
        assert!(e.to_string().contains(key), "{cfg}: {e}");
    }
    let l = load("{}", &env(&[("CENTRIFUGO_USER_STATUS_ENABLED", "true")])).unwrap();
    assert!(l.config.user_status.enabled);
}

#[test]
fn push_notifications_defaults_and_validation() {
    let l = load(
        r#"{"push_notifications": {"enabled": true}}"#,
        &HashMap::new(),
    )
    .unwrap();
    let p = &l.config.push_notifications;
    assert!(p.enabled && l.unknown_keys.is_empty());
    assert_eq!(p.storage, "");
    assert_eq!(l.config.push_storage(), PushStorage::Sqlite);
    assert!(p.sqlite.path.is_empty(), "the data directory decides");
    assert_eq!(
        (p.max_topics_per_device, p.max_devices_per_user),
        (1000, 100)
    );
    let l = load(
            r#"{"push_notifications": {"enabled": true, "enabled_providers": ["fcm", "webpush"],
                "fcm": {"credentials_file": "/tmp/sa.json"},
                "webpush": {"vapid_private_key_path": "/tmp/v.pem", "vapid_subject": "mailto:a@b.c"},
                "sqlite": {"path": "/tmp/p.db"}, "max_topics_per_device": 5, "max_devices_per_user": 2}}"#,
            &HashMap::new(),
        )
        .unwrap();
    assert!(l.unknown_keys.is_empty(), "{:?}", l.unknown_keys);
    assert_eq!(l.config.push_notifications.sqlite.path, "/tmp/p.db");
    for (cfg, key) in [
        (
            r#"{"push_notifications": {"enabled_providers": ["fcm", "sms"]}}"#,
            "push_notifications.enabled_providers[1]",
        ),
        (
            r#"{"push_notifications": {"storage": "mysql"}}"#,
            "push_notifications.storage",
        ),
        (
            r#"{"push_notifications": {"max_topics_per_device": 0}}"#,
            "push_notifications.max_topics_per_device",
        ),
        (
            r#"{"push_notifications": {"max_devices_per_user": 0}}"#,
            "push_notifications.max_devices_per_user",
        ),
        (
            r#"{"push_notifications": {"enabled": true, "enabled_providers": ["apns"],
                "apns": {"bundle_id": "b", "token_key_id": "k", "token_team_id": "t"}}}"#,
            "push_notifications.apns.token_auth_key_path",
        ),
        (
            r#"{"push_notifications": {"enabled": true, "enabled_providers": ["hms"]}}"#,
            "push_notifications.hms.app_id",
        ),
        (
            r#"{"push_notifications": {"queue": {"chunk_size": 5000}}}"#,
            "push_notifications.queue.chunk_size",
        ),
        (
            r#"{"push_notifications": {"concurrency": 0}}"#,
            "push_notifications.concurrency",
        ),
        (
            r#"{"push_notifications": {"request_timeout": "0s"}}"#,
            "push_notifications.request_timeout",
        ),
    ] {
        let e = load(cfg, &HashMap::new()).unwrap_err();
        assert!(e.to_string().contains(key), "{cfg}: {e}");
    }
    let l = load(
        "{}",
        &env(&[("CENTRIFUGO_PUSH_NOTIFICATIONS_ENABLED", "true")]),
    )
    .unwrap();
    assert!(l.config.push_notifications.enabled);
}

#[test]
fn database_postgresql_picks_the_push_store() {
    let dsn = "postgresql://centri:pw@db.internal:5433/push";
    let l = load("{}", &HashMap::new()).unwrap();
    assert_eq!(
        l.config.database.postgresql.pool_max_size, 16,
        "PRO's default"
    );
    // a DSN alone moves the store to PostgreSQL; "sqlite" keeps it
    let text = format!(
        r#"{{"push_notifications": {{"enabled": true}},
                "database": {{"postgresql": {{"dsn": "{dsn}", "pool_max_size": 4}}}}}}"#
    );
    let l = load(&text, &HashMap::new()).unwrap();
    assert!(l.unknown_keys.is_empty(), "{:?}", l.unknown_keys);
    assert_eq!(l.config.push_storage(), PushStorage::Postgresql);
    assert_eq!(l.config.database.postgresql.pool_max_size, 4);
    let dbg = format!("{:?}", l.config);
    assert!(!dbg.contains("pw@"), "Debug hides the DSN: {dbg}");
    let l = load(
        &text.replace(
            r#""enabled": true"#,
            r#""enabled": true, "storage": "sqlite""#,
        ),
        &HashMap::new(),
    )
    .unwrap();
    assert_eq!(l.config.push_storage(), PushStorage::Sqlite);
    // the environment sets them too, under Centrifugo's names
    let l = load(
        "{}",
        &env(&[
            ("CENTRIFUGO_DATABASE_POSTGRESQL_DSN", dsn),
            ("CENTRIFUGO_DATABASE_POSTGRESQL_POOL_MAX_SIZE", "8"),
        ]),
    )
    .unwrap();
    assert_eq!(l.config.database.postgresql.dsn, dsn);
    assert_eq!(l.config.database.postgresql.pool_max_size, 8);
    assert!(l.unknown_env.is_empty(), "{:?}", l.unknown_env);
    let l = load(
        r#"{"database": {"postgresql": {"dns": "x"}}}"#,
        &HashMap::new(),
    )
    .unwrap();
    assert_eq!(l.unknown_keys, ["database.postgresql.dns"]);
    assert_eq!(
        l.suggestions
            .get("database.postgresql.dns")
            .map(String::as_str),
        Some("dsn")
    );
    // sqlite.path with PostgreSQL is a warning, not an error
    let l = load(
        &format!(
            r#"{{"push_notifications": {{"enabled": true, "sqlite": {{"path": "/tmp/p.db"}}}},
                    "database": {{"postgresql": {{"dsn": "{dsn}"}}}}}}"#
        ),
        &HashMap::new(),
    )
    .unwrap();
    assert!(
        l.warnings
            .iter()
            .any(|w| w.contains("sqlite.path is ignored")),
        "{:?}",
        l.warnings
    );
    for (cfg, key, not) in [
        (
            r#"{"push_notifications": {"storage": "postgresql"}}"#.to_string(),
            "database.postgresql.dsn",
            "",
        ),
        (
            r#"{"database": {"postgresql": {"dsn": "host=h password='s3cr3t"}}}"#.into(),
            "database.postgresql.dsn",
            "s3cr3t",
        ),
        (
            r#"{"database": {"postgresql": {"dsn": "postgresql://u:s3cr3t@h/d?bogus_option=1"}}}"#
                .into(),
            "database.postgresql.dsn",
            "s3cr3t",
        ),
        (
            r#"{"database": {"postgresql": {"pool_max_size": 0}}}"#.into(),
            "database.postgresql.pool_max_size",
            "",
        ),
        (
            r#"{"database": {"postgresql": {"pool_max_size": -1}}}"#.into(),
            "database.postgresql.pool_max_size",
            "",
        ),
    ] {
        let e = load(&cfg, &HashMap::new()).unwrap_err().to_string();
        assert!(e.contains(key), "{cfg}: {e}");
        if !not.is_empty() {
            assert!(
                !e.contains(not),
                "{cfg}: the error repeats the password: {e}"
            );
        }
    }
}

#[test]
fn env_overrides_use_centrifugo_names() {
    let l = load(
        r#"{"http_api": {"key": "file"}}"#,
        &env(&[
            ("CENTRIFUGO_HTTP_API_KEY", "fromenv"),
            ("CENTRI_CLIENT_INSECURE", "true"),
            ("CENTRIFUGO_HTTP_SERVER_PORT", "9100"),
            (
                "CENTRIFUGO_CHANNEL_NAMESPACES",
                r#"[{"name":"chat","presence":true}]"#,
            ),
            ("CENTRIFUGO_CLIENT_ALLOWED_ORIGINS", r#"["http://a"]"#),
        ]),
    )
    .unwrap();
    assert_eq!(l.config.http_api.key, "fromenv");
    assert!(l.config.client.insecure);
    assert_eq!(l.config.http_server.port, 9100);
    assert!(l.config.namespace("chat").unwrap().presence);
    assert_eq!(
        l.config.client.allowed_origins,
        vec!["http://a".to_string()]
    );
    let e = load("{}", &env(&[("CENTRIFUGO_CLIENT_INSECURE", "maybe")])).unwrap_err();
    assert!(e.to_string().contains("CENTRIFUGO_CLIENT_INSECURE"), "{e}");
}

/// Issue 14: Centrifugo's own env forms (`SliceSep = " "`, namespaces by name, each
/// configured by `CENTRIFUGO_CHANNEL_NAMESPACES_<NAME>_<OPTION>`), JSON still accepted.
#[test]
fn env_takes_centrifugo_list_and_namespace_forms() {
    let l = load(
        r#"{"channel": {"namespaces": [{"name": "from-file", "history_size": 5}]}}"#,
        &env(&[
            (
                "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_ALLOWED_DELTA_TYPES",
                "fossil",
            ),
            ("CENTRIFUGO_CLIENT_ALLOWED_ORIGINS", "http://a  http://b"),
            ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_HISTORY_SIZE", "7"),
            ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_HISTORY_TTL", "60s"),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_FROM_FILE_HISTORY_TTL", "30s"),
        ]),
    )
    .unwrap();
    let c = &l.config;
    assert_eq!(c.channel.without_namespace.allowed_delta_types, ["fossil"]);
    assert_eq!(c.client.allowed_origins, ["http://a", "http://b"]);
    assert!(c.channel.without_namespace.history_enabled());
    let ns = c.namespace("from-file").unwrap();
    assert_eq!((ns.history_size, ns.history_ttl), (5, Dur::secs(30)));
    assert!(l.unknown_env.is_empty(), "{:?}", l.unknown_env);

    // namespaces by name from the environment alone, each with its own variables
    let l = load(
        "",
        &env(&[
            ("CENTRIFUGO_CHANNEL_NAMESPACES", "smallhistory chat-room"),
            (
                "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_HISTORY_SIZE",
                "2",
            ),
            (
                "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_HISTORY_TTL",
                "10s",
            ),
            (
                "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_FORCE_RECOVERY",
                "true",
            ),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_ROOM_PRESENCE", "1"),
            (
                "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_ROOM_ALLOWED_DELTA_TYPES",
                "fossil",
            ),
        ]),
    )
    .unwrap();
    let small = l.config.namespace("smallhistory").unwrap();
    assert!(small.history_enabled() && small.force_recovery);
    assert_eq!(small.history_size, 2);
    let chat = l.config.namespace("chat-room").unwrap();
    assert!(chat.presence);
    assert_eq!(chat.allowed_delta_types, ["fossil"]);
    assert!(l.unknown_env.is_empty(), "{:?}", l.unknown_env);
    assert_eq!(l.env_overrides.len(), 6);

    // JSON stays accepted for lists and namespaces
    let l = load(
        "{}",
        &env(&[
            (
                "CENTRIFUGO_CHANNEL_NAMESPACES",
                r#"[{"name":"chat","presence":true}]"#,
            ),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_JOIN_LEAVE", "true"),
            ("CENTRIFUGO_CLIENT_ALLOWED_ORIGINS", r#"["http://a"]"#),
        ]),
    )
    .unwrap();
    let chat = l.config.namespace("chat").unwrap();
    assert!(chat.presence && chat.join_leave);
    assert_eq!(l.config.client.allowed_origins, ["http://a"]);

    // bad values name the variable
    for (var, val) in [
        ("CENTRIFUGO_CLIENT_INSECURE", "maybe"),
        ("CENTRIFUGO_HTTP_SERVER_PORT", "abc"),
        ("CENTRIFUGO_CLIENT_ALLOWED_ORIGINS", "[not json]"),
    ] {
        let e = load("{}", &env(&[(var, val)])).unwrap_err();
        assert!(e.to_string().contains(var), "{e}");
    }
    let e = load(
        "{}",
        &env(&[
            ("CENTRIFUGO_CHANNEL_NAMESPACES", "chat"),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_HISTORY_SIZE", "ten"),
        ]),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_HISTORY_SIZE"),
        "{e}"
    );
}

/// Issue 14: unknown `CENTRIFUGO_*` variables are named, with a "did you mean"; what
/// Kubernetes injects and `CENTRIFUGO_VAR_*` are not config keys; centri's CLI variables
/// (`CENTRI_SERVER`, …) are not either.
#[test]
fn unknown_env_vars_are_named() {
    let l = load(
        r#"{"channel": {"namespaces": [{"name": "chat"}]}}"#,
        &env(&[
            ("CENTRIFUGO_GRPC_API_ENABLED", "true"),
            ("CENTRIFUGO_CLIENT_ALOWED_ORIGINS", "http://a"),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_NOPE_PRESENCE", "true"),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENSE", "true"),
            ("CENTRIFUGO_PORT", "tcp://10.0.0.1:8000"),
            ("CENTRIFUGO_PORT_8000_TCP_ADDR", "10.0.0.1"),
            ("CENTRIFUGO_SERVICE_HOST", "10.0.0.1"),
            ("CENTRIFUGO_VAR_SECRET", "x"),
            ("CENTRI_SERVER", "http://127.0.0.1:8000"),
        ]),
    )
    .unwrap();
    assert_eq!(
        l.unknown_env,
        [
            "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENSE",
            "CENTRIFUGO_CHANNEL_NAMESPACES_NOPE_PRESENCE",
            "CENTRIFUGO_CLIENT_ALOWED_ORIGINS",
            "CENTRIFUGO_GRPC_API_ENABLED",
        ]
    );
    assert_eq!(
        l.suggestions["CENTRIFUGO_CLIENT_ALOWED_ORIGINS"],
        "CENTRIFUGO_CLIENT_ALLOWED_ORIGINS"
    );
    assert_eq!(
        l.suggestions["CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENSE"],
        "CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENCE"
    );
    assert!(!l.suggestions.contains_key("CENTRIFUGO_GRPC_API_ENABLED"));
}

/// Issue 15: errors give the full key path; typos get the nearest key.
#[test]
fn errors_and_unknown_keys_have_full_paths_and_suggestions() {
    for (text, want) in [
        (
            r#"{"channel":{"namespaces":[{"name":"chat","history_size":"ten"}]}}"#,
            "channel.namespaces[0].history_size",
        ),
        (
            r#"{"client":{"ping_interval":"25x"}}"#,
            "client.ping_interval",
        ),
        (r#"{"http_server":{"port":"abc"}}"#, "http_server.port"),
        (
            r#"{"client":{"token":{"hmac_secret_key":5}}}"#,
            "client.token.hmac_secret_key",
        ),
    ] {
        match load(text, &HashMap::new()).unwrap_err() {
            ConfigError::Invalid { key, .. } => assert_eq!(key, want, "{text}"),
            e => panic!("{text}: {e}"),
        }
    }
    let l = load(
            r#"{"client":{"allowed_orgins":["*"]},"channel":{"namespaces":[{"name":"a1","presense":true}]},"bogus":1}"#,
            &HashMap::new(),
        )
        .unwrap();
    assert_eq!(
        l.unknown_keys,
        [
            "client.allowed_orgins",
            "channel.namespaces[0].presense",
            "bogus"
        ]
    );
    assert_eq!(l.suggestions["client.allowed_orgins"], "allowed_origins");
    assert_eq!(l.suggestions["channel.namespaces[0].presense"], "presence");
    assert!(!l.suggestions.contains_key("bogus"));
}

#[test]
fn redis_tls_material_is_checked_at_load() {
    let cfg = |tls: &str| {
        format!(
            r#"{{"engine": {{"type": "redis", "redis": {{"address": "127.0.0.1:6379", "tls": {tls}}}}}}}"#
        )
    };
    let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    let ok = load(
        &cfg(&format!(r#"{{"enabled": true, "server_ca_pem": {pem:?}}}"#)),
        &env(&[]),
    )
    .unwrap();
    let m = ok.config.engine.redis.tls.material().unwrap();
    assert_eq!(m.server_ca.as_deref(), Some(pem.as_bytes()));
    assert!(m.client.is_none());
    let insecure = load(
        &cfg(r#"{"enabled": true, "insecure_skip_verify": true}"#),
        &env(&[]),
    )
    .unwrap();
    assert!(
        insecure
            .warnings
            .iter()
            .any(|w| w.contains("insecure_skip_verify")),
        "{:?}",
        insecure.warnings
    );
    for (tls, key) in [
        (
            r#"{"enabled": true, "server_ca_pem_file": "/nonexistent/ca.pem"}"#,
            "engine.redis.tls.server_ca_pem_file",
        ),
        (
            r#"{"enabled": true, "server_ca_pem": "not a certificate"}"#,
            "engine.redis.tls.server_ca_pem",
        ),
        (
            &format!(r#"{{"enabled": true, "cert_pem": {pem:?}}}"#),
            "engine.redis.tls.key_pem",
        ),
        (
            &format!(r#"{{"enabled": true, "key_pem": {pem:?}}}"#),
            "engine.redis.tls.cert_pem",
        ),
    ] {
        let e = load(&cfg(tls), &env(&[])).unwrap_err();
        assert!(e.to_string().contains(key), "{tls}: {e}");
    }
    // not read at all while TLS is off
    load(
        &cfg(r#"{"enabled": false, "server_ca_pem_file": "/nonexistent"}"#),
        &env(&[]),
    )
    .unwrap();
}

#[test]
fn redis_presence_ttl_defaults_to_60s_and_must_leave_room_to_renew() {
    let cfg = |ttl: &str| {
        format!(
            r#"{{"engine": {{"type": "redis", "redis": {{"address": "127.0.0.1:6379"{ttl}}}}}}}"#
        )
    };
    let c = load(&cfg(""), &env(&[])).unwrap().config;
    assert_eq!(c.engine.redis.presence_ttl.value, Duration::from_secs(60));
    let c = load(&cfg(r#", "presence_ttl": "10s""#), &env(&[]))
        .unwrap()
        .config;
    assert_eq!(c.engine.redis.presence_ttl.value, Duration::from_secs(10));
    for bad in [r#", "presence_ttl": "1s""#, r#", "presence_ttl": "0s""#] {
        let e = load(&cfg(bad), &env(&[])).unwrap_err();
        assert!(e.to_string().contains("engine.redis.presence_ttl"), "{e}");
    }
}

#[test]
fn push_takes_pro_flat_provider_keys() {
    let l = load(
        r#"{"push_notifications": {"enabled": true, "enabled_providers": ["fcm", "apns", "hms"],
            "fcm_credentials_file_path": "/etc/sa.json",
            "apns_endpoint": "production", "apns_bundle_id": "com.example.app", "apns_auth": "token",
            "apns_token_auth_key_path": "/etc/k.p8", "apns_token_key_id": "KID",
            "apns_token_team_id": "TEAM", "hms_app_id": "123", "hms_app_secret": "s3cret",
            "hms": {"app_id": "456"}}}"#,
        &HashMap::new(),
    )
    .unwrap();
    assert!(l.unknown_keys.is_empty(), "{:?}", l.unknown_keys);
    let p = &l.config.push_notifications;
    assert_eq!(p.fcm.credentials_file, "/etc/sa.json");
    assert_eq!(p.fcm.endpoint, "https://fcm.googleapis.com");
    assert_eq!(
        (
            p.apns.endpoint.as_str(),
            p.apns.bundle_id.as_str(),
            p.apns.token_auth_key_path.as_str()
        ),
        ("production", "com.example.app", "/etc/k.p8")
    );
    assert_eq!(
        (p.apns.token_key_id.as_str(), p.apns.token_team_id.as_str()),
        ("KID", "TEAM")
    );
    assert_eq!(p.hms.app_id, "456", "the section wins over the flat key");
    assert_eq!(p.hms.app_secret, "s3cret");
    assert!(
        !format!("{:?}", p.hms).contains("s3cret"),
        "Debug hides the secret"
    );
}

#[test]
fn admin_oidc_is_checked_and_enough_to_open_the_admin_endpoints() {
    let e = load(
        r#"{"admin": {"enabled": true, "oidc": {"issuer": "id.example", "audience": "a"}}}"#,
        &HashMap::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("admin.oidc.issuer"), "{e}");
    let e = load(
        r#"{"admin": {"enabled": true, "oidc": {"issuer": "https://id.example"}}}"#,
        &HashMap::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("admin.oidc.audience"), "{e}");
    let c = load(
        r#"{"admin": {"enabled": true, "oidc": {"issuer": "https://id.example", "audience": "a", "leeway": "5s"}}}"#,
        &HashMap::new(),
    )
    .unwrap()
    .config;
    assert_eq!(c.admin.oidc.leeway.value.as_secs(), 5);
}
