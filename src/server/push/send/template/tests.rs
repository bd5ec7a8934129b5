#![allow(clippy::unwrap_used)]

use super::*;
use rand::{Rng, SeedableRng};
use serde_json::json;

fn device() -> Device {
    Device {
        id: "d1".into(),
        provider: "fcm".into(),
        token: "tok".into(),
        platform: "android".into(),
        user: "u42".into(),
        timezone: "Europe/Nicosia".into(),
        locale: "pt-BR".into(),
        meta: Some(BTreeMap::from([(
            "first_name".to_owned(),
            "Ana".to_owned(),
        )])),
        ..Device::default()
    }
}

fn l10n(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Renders `src` as one string for `device()` with `tr` as its translations.
fn one(src: &str, opts: Options, tr: Option<&BTreeMap<String, String>>) -> String {
    let d = device();
    let t = Template::compile("m", &json!(src), opts).unwrap();
    match t.render(&Context::new(&d, tr)) {
        Value::String(s) => s,
        other => panic!("not a string: {other}"),
    }
}

fn err(src: &str, opts: Options) -> TemplateError {
    Template::compile("m", &json!({"a": src}), opts).unwrap_err()
}

#[test]
fn device_fields() {
    let o = Options::message(false);
    assert_eq!(one("{{.device.id}}", o, None), "d1");
    assert_eq!(one("user {{.device.user}}!", o, None), "user u42!");
    assert_eq!(
        one("{{.device.locale}}/{{.device.timezone}}", o, None),
        "pt-BR/Europe/Nicosia"
    );
    assert_eq!(one("{{   .device.id\t}}", o, None), "d1");
    assert_eq!(one("{{\n.device.id\n}}", o, None), "d1");
}

#[test]
fn meta_needs_use_meta() {
    assert_eq!(
        one(
            "Hello {{.device.meta.first_name}}",
            Options::message(true),
            None
        ),
        "Hello Ana"
    );
    assert_eq!(
        one("[{{.device.meta.nope}}]", Options::message(true), None),
        "[]"
    );
    let e = err("Hello {{.device.meta.first_name}}", Options::message(false));
    assert_eq!(e.path, "m.a");
    assert!(
        matches!(e.problem, Problem::MetaWithoutUseMeta { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("use_meta"), "{e}");
    assert!(e.to_string().contains("{{.device.meta.first_name}}"), "{e}");
}

#[test]
fn meta_not_loaded_renders_empty() {
    let mut d = device();
    d.meta = None;
    let t = Template::compile(
        "m",
        &json!("<{{.device.meta.first_name}}>"),
        Options::message(true),
    )
    .unwrap();
    assert_eq!(t.render(&Context::new(&d, None)), json!("<>"));
}

#[test]
fn translations_and_default() {
    let pt = l10n(&[("greeting", "Olá"), ("question", "Como tá indo")]);
    let o = Options::message(false);
    // The example of PRO's docs.
    let src =
        "{{default [[hello]] .l10n.greeting}}! {{ default [[How is it going]] .l10n.question }} ?";
    assert_eq!(one(src, o, Some(&pt)), "Olá! Como tá indo ?");
    assert_eq!(one(src, o, None), "hello! How is it going ?");
    assert_eq!(one("{{ default \"hi\" .l10n.greeting }}", o, None), "hi");
    assert_eq!(one("{{ default `hi` .l10n.greeting }}", o, None), "hi");
    assert_eq!(one("{{ .l10n.greeting | default \"hi\" }}", o, None), "hi");
    assert_eq!(
        one("{{ .l10n.greeting | default \"hi\" }}", o, Some(&pt)),
        "Olá"
    );
    assert_eq!(one("[{{.l10n.greeting}}]", o, None), "[]");
    // Empty counts as missing; a value that is set wins.
    let empty = l10n(&[("greeting", "")]);
    assert_eq!(
        one("{{default [[hello]] .l10n.greeting}}", o, Some(&empty)),
        "hello"
    );
    // A path as the fallback.
    assert_eq!(
        one("{{default .device.user .l10n.greeting}}", o, None),
        "u42"
    );
    // Chained pipes: the first non-empty wins.
    assert_eq!(
        one("{{.l10n.a | default .l10n.b | default \"z\"}}", o, None),
        "z"
    );
    // Literals are printed, braces inside literals don't close the action.
    assert_eq!(one("{{\"a}}b\"}}", o, None), "a}}b");
    assert_eq!(
        one("{{ default \"tab\\there \\u00e9\" .l10n.x }}", o, None),
        "tab\there é"
    );
}

#[test]
fn trim_markers_and_comments() {
    let o = Options::message(false);
    assert_eq!(one("a  \n {{- .device.id -}} \t b", o, None), "ad1b");
    assert_eq!(one("a {{- .device.id }} b", o, None), "ad1 b");
    assert_eq!(one("a {{/* note */}}b", o, None), "a b");
    assert_eq!(one("a {{- /* note */ -}} b", o, None), "ab");
    // `}}` alone is text, as in Go.
    assert_eq!(one("}} {{.device.id}} }}", o, None), "}} d1 }}");
}

#[test]
fn untemplated_strings_are_untouched() {
    let msg = json!({
        "notification": {"title": "Hello", "body": "50% off {not a template}"},
        "data": {"n": 1, "ok": true, "list": ["a", null, 2.5]},
    });
    let t = Template::compile("notification.fcm.message", &msg, Options::message(true)).unwrap();
    assert!(t.is_static());
    let d = device();
    assert_eq!(t.render(&Context::new(&d, None)), msg);

    let text = Text::compile("k", "plain", Options::key()).unwrap();
    let ctx = Context::new(&d, None);
    assert!(matches!(text.render(&ctx), Cow::Borrowed("plain")));
    let single = Text::compile("k", "{{.device.user}}", Options::key()).unwrap();
    assert!(matches!(single.render(&ctx), Cow::Borrowed("u42")));
}

#[test]
fn renders_values_not_keys_and_keeps_order_and_types() {
    let msg = json!({
        "z": "{{.device.id}}",
        "{{.device.user}}": "k",
        "a": [1, "x{{.device.user}}", {"b": false}],
    });
    let t = Template::compile("m", &msg, Options::message(false)).unwrap();
    assert!(!t.is_static());
    let d = device();
    let out = t.render(&Context::new(&d, None));
    assert_eq!(
        out,
        json!({"z": "d1", "{{.device.user}}": "k", "a": [1, "xu42", {"b": false}]})
    );
    let keys: Vec<_> = out.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["z", "{{.device.user}}", "a"]);
}

#[test]
fn errors_name_the_json_path() {
    let msg = json!({"notification": {"list": ["ok", {"odd key": "{{ .device.id"}]}});
    let e =
        Template::compile("notification.fcm.message", &msg, Options::message(false)).unwrap_err();
    assert_eq!(
        e.path,
        r#"notification.fcm.message.notification.list[1]["odd key"]"#
    );
    assert_eq!(e.problem, Problem::Unclosed { at: 0 });
    let inv: Invalid = e.into();
    assert_eq!(
        inv.field,
        r#"notification.fcm.message.notification.list[1]["odd key"]"#
    );
    assert!(inv.reason.contains("never closed"), "{}", inv.reason);
}

#[test]
fn refused_constructs() {
    let o = Options::message(false);
    let e = err("{{ upper .device.id }}", o);
    assert_eq!(
        e.problem,
        Problem::UnknownFunction {
            name: "upper".into(),
            action: "{{ upper .device.id }}".into()
        }
    );
    assert!(
        e.to_string().starts_with("m.a: unknown function `upper`"),
        "{e}"
    );
    let e = err("hi {{.user.name}}", o);
    assert!(
        matches!(&e.problem, Problem::UnknownRoot { name, .. } if name == "user"),
        "{e}"
    );
    assert!(e.to_string().contains("only `.device` and `.l10n`"), "{e}");
    for (src, needle) in [
        ("{{}}", "empty action"),
        ("{{ .device }}", "needs a field"),
        ("{{ .device.meta }}", "needs a key"),
        ("{{ .device.token }}", "unknown device field `token`"),
        ("{{ .device.id.x }}", "has no fields"),
        ("{{ .l10n }}", "needs a key"),
        ("{{ . }}", "must be followed by a name"),
        (
            "{{ if .device.id }}x{{ end }}",
            "`if` actions are not supported",
        ),
        ("{{ $x }}", "variables"),
        ("{{ default (.device.id) \"x\" }}", "parentheses"),
        ("{{ default \"x\" }}", "two arguments"),
        (
            "{{ default \"x\" .device.id .device.user }}",
            "two arguments",
        ),
        ("{{ .device.id .device.user }}", "more than one value"),
        ("{{ .device.id | }}", "empty command"),
        ("{{ .device.id | .device.user }}", "only a function"),
        ("{{ default 1 .device.id }}", "numbers"),
        ("{{ \"abc }}", "unterminated quoted string"),
        ("{{ [[abc }}", "unterminated `[[`"),
        ("{{ `abc }}", "unterminated raw string"),
        ("{{ \"\\q\" }}", "unsupported escape"),
        ("{{ .device.id; }}", "unexpected `;`"),
        ("{{ .device.id-}}", "needs a space before it"),
        ("{{/* never closed", "never closed"),
        ("{{/* x */ .device.id }}", "comment must end"),
    ] {
        let e = err(src, o);
        assert_eq!(e.path, "m.a");
        assert!(e.to_string().contains(needle), "{src}: {e}");
    }
    assert!(matches!(
        err("a {{ .device.id", o).problem,
        Problem::Unclosed { at: 2 }
    ));
    // Long actions are cut in messages.
    let long = format!("{{{{ upper \"{}\" }}}}", "x".repeat(200));
    assert!(err(&long, o).to_string().len() < 200);
}

#[test]
fn key_scope_refuses_l10n_and_meta() {
    let e = Text::compile(
        "limit_strategy.rate_limit.key",
        "{{.l10n.x}}",
        Options::key(),
    )
    .unwrap_err();
    assert_eq!(e.path, "limit_strategy.rate_limit.key");
    assert!(e.to_string().contains("not available here"), "{e}");
    let e = Text::compile("k", "{{.device.meta.x}}", Options::key()).unwrap_err();
    assert!(matches!(e.problem, Problem::MetaWithoutUseMeta { .. }));
    let t = Text::compile("k", "user:{{.device.user}}:{{.device.id}}", Options::key()).unwrap();
    let d = device();
    assert_eq!(t.render(&Context::new(&d, None)), "user:u42:d1");
}

#[test]
fn locale_choice() {
    let locs: BTreeMap<String, u8> = BTreeMap::from([
        ("pt".to_owned(), 1),
        ("fr-CA".to_owned(), 2),
        ("fr".to_owned(), 3),
        ("zh-Hant".to_owned(), 4),
    ]);
    assert_eq!(pick_locale(&locs, "pt-BR"), Some(&1));
    assert_eq!(pick_locale(&locs, "PT"), Some(&1));
    assert_eq!(pick_locale(&locs, "pt_br"), Some(&1));
    assert_eq!(pick_locale(&locs, "fr-CA"), Some(&2));
    assert_eq!(pick_locale(&locs, "fr-ca"), Some(&2));
    assert_eq!(pick_locale(&locs, "fr-FR"), Some(&3));
    assert_eq!(pick_locale(&locs, "zh-Hant-TW"), Some(&4));
    assert_eq!(pick_locale(&locs, "zh-Hans"), None);
    assert_eq!(pick_locale(&locs, "de-DE"), None);
    assert_eq!(pick_locale(&locs, ""), None);
    assert_eq!(pick_locale(&BTreeMap::<String, u8>::new(), "pt"), None);
    // `p` is not a prefix match of `pt`.
    assert_eq!(
        pick_locale(&BTreeMap::from([("p".to_owned(), 9)]), "pt-BR"),
        None
    );
}

#[test]
fn locale_fallback_end_to_end() {
    let locs = BTreeMap::from([("pt".to_owned(), l10n(&[("greeting", "Olá")]))]);
    let d = device(); // pt-BR
    let t = Template::compile(
        "m",
        &json!({"title": "{{default [[hello]] .l10n.greeting}}"}),
        Options::message(false),
    )
    .unwrap();
    let tr = pick_locale(&locs, &d.locale);
    assert_eq!(t.render(&Context::new(&d, tr)), json!({"title": "Olá"}));
    let mut en = device();
    en.locale = "en-US".into();
    let tr = pick_locale(&locs, &en.locale);
    assert_eq!(t.render(&Context::new(&en, tr)), json!({"title": "hello"}));
}

#[test]
fn templating_switch() {
    assert!(!enabled(false, false));
    assert!(enabled(true, false));
    assert!(enabled(false, true));
}

/// Random strings without `{{` compile to nothing and render unchanged; wrapped around an
/// action, they come out around the device id (minus nothing: no trim markers).
#[test]
fn random_texts() {
    let alphabet: Vec<char> = "ab {}}[]\"`|.-$é\n\t{".chars().collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let d = device();
    let ctx = Context::new(&d, None);
    for _ in 0..500 {
        let len = rng.random_range(0..24);
        let s: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        let mut plain = s;
        while plain.contains("{{") {
            plain = plain.replace("{{", "{ {");
        }
        let t = Template::compile("m", &json!([plain]), Options::message(false)).unwrap();
        assert!(t.is_static(), "{plain:?}");
        assert_eq!(t.render(&ctx), json!([plain]));
        // Text then an action: the text must not end in `{` (it would make `{{{`).
        let before = plain.trim_end_matches('{');
        let after = &plain;
        let src = format!("{before}{{{{ .device.id }}}}{after}");
        let t = Template::compile("m", &json!(src), Options::message(false)).unwrap();
        assert_eq!(
            t.render(&ctx),
            json!(format!("{before}d1{after}")),
            "{src:?}"
        );
    }
}
