//! Push templating and localization: the subset of Go's `text/template` that Centrifugo PRO
//! documents for push payloads (`use_templating`, `use_meta`, `localizations`), compiled once
//! per send and rendered once per device.
//!
//! Owns the template language, the per-device variables ([`Context`]) and the choice of
//! translations by device locale ([`pick_locale`]). Knows nothing of providers or queues: a
//! provider message goes in as a [`Value`] and comes out as another.
//!
//! # The language
//! - `{{.device.id}}`, `{{.device.user}}`, `{{.device.locale}}`, `{{.device.timezone}}`;
//! - `{{.device.meta.<key>}}`, only when the request sets `use_meta` (else compiling fails:
//!   without it the sender does not load meta, and the text would silently render empty);
//! - `{{.l10n.<key>}}`: the translations [`pick_locale`] chose for the device's locale;
//! - `{{default <fallback> <value>}}` and its pipe form `{{<value> | default <fallback>}}`:
//!   the fallback when the value is missing or empty (sprig's `default`, which PRO uses);
//! - literals: `"Go \"quoted\""`, `` `raw` `` and PRO's `[[text]]` (no quotes to escape
//!   inside a JSON string);
//! - free whitespace inside `{{ }}`, the `{{- ` / ` -}}` trim markers, `{{/* comments */}}`.
//!
//! Everything else Go has (`if`, `range`, variables, other functions, parentheses) is refused
//! when the send is accepted, with the JSON path of the string and the action.
//!
//! A missing value (no such meta key or translation, no meta loaded) renders as the empty
//! string. Go would print `<no value>` for a missing key of a `map[string]any`; nobody wants
//! that in a notification, and `default` covers the cases that need a text.
//!
//! Only string *values* are templates; object keys are taken verbatim (they are the
//! providers' field names, and a rendered key could collide with another).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::proto::push::Device;
use crate::server::push::validate::Invalid;

/// Whether a send renders templates: `use_templating`, or any `localizations` (PRO: "setting
/// localizations enables templating automatically").
pub fn enabled(use_templating: bool, has_localizations: bool) -> bool {
    use_templating || has_localizations
}

/// What a template may refer to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `.device.meta.<key>` is allowed (the request's `use_meta`).
    pub use_meta: bool,
    /// `.l10n.<key>` is allowed (message templates, not rate-limit keys).
    pub l10n: bool,
}

impl Options {
    /// For a provider message: translations always, meta with `use_meta`.
    pub fn message(use_meta: bool) -> Options {
        Options {
            use_meta,
            l10n: true,
        }
    }

    /// For a rate-limit key: device fields only.
    pub fn key() -> Options {
        Options::default()
    }
}

/// A string that does not compile, at its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct TemplateError {
    /// Where the string is in the request, e.g. `notification.fcm.message.notification.title`.
    pub path: String,
    pub problem: Problem,
}

impl From<TemplateError> for Invalid {
    fn from(e: TemplateError) -> Invalid {
        Invalid {
            field: e.path,
            reason: e.problem.to_string(),
        }
    }
}

/// Why a template does not compile. `action` is the offending `{{...}}`, cut at 80 chars.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("template action `{{{{` at byte {at} is never closed by `}}}}`")]
    Unclosed { at: usize },
    #[error("unknown function `{name}` in `{action}` (only `default` is supported)")]
    UnknownFunction { name: String, action: String },
    #[error("unknown variable `.{name}` in `{action}`: only `.device` and `.l10n` exist")]
    UnknownRoot { name: String, action: String },
    #[error("`{action}` reads device meta: set `use_meta` to true in the request")]
    MetaWithoutUseMeta { action: String },
    #[error("`{action}`: {reason}")]
    Syntax { action: String, reason: String },
}

/// One device's variables.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub id: &'a str,
    pub user: &'a str,
    pub locale: &'a str,
    pub timezone: &'a str,
    /// The device's meta; `None` when it was not loaded.
    pub meta: Option<&'a BTreeMap<String, String>>,
    /// The translations chosen for the device ([`pick_locale`]); `None`: no match.
    pub l10n: Option<&'a BTreeMap<String, String>>,
}

impl<'a> Context<'a> {
    pub fn new(device: &'a Device, l10n: Option<&'a BTreeMap<String, String>>) -> Context<'a> {
        Context {
            id: &device.id,
            user: &device.user,
            locale: &device.locale,
            timezone: &device.timezone,
            meta: device.meta.as_ref(),
            l10n,
        }
    }
}

/// The localization for a device's BCP 47 `locale`: the exact tag first (`pt-BR`), then the
/// tag cut at each `-` from the right (`pt`), comparing ASCII case-insensitively and taking
/// `_` for `-` (`pt_br` is what some platforms report). `None` for an empty locale or no
/// match; the templates' `default`s then apply.
pub fn pick_locale<'a, V>(localizations: &'a BTreeMap<String, V>, locale: &str) -> Option<&'a V> {
    if locale.is_empty() || localizations.is_empty() {
        return None;
    }
    if let Some(v) = localizations.get(locale) {
        return Some(v);
    }
    let mut tag = locale;
    loop {
        if let Some((_, v)) = localizations.iter().find(|(k, _)| same_tag(k, tag)) {
            return Some(v);
        }
        let cut = tag.rfind(['-', '_'])?;
        tag = &tag[..cut];
    }
}

fn same_tag(a: &str, b: &str) -> bool {
    let norm = |c: u8| {
        if c == b'_' {
            b'-'
        } else {
            c.to_ascii_lowercase()
        }
    };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
}

/// A provider message compiled for rendering: untemplated parts are kept as they are, each
/// templated string as its parts.
#[derive(Debug, Clone)]
pub struct Template {
    root: Node,
}

#[derive(Debug, Clone)]
enum Node {
    /// No template anywhere below: copied as is.
    Static(Value),
    Text(Vec<Part>),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Template {
    /// Compiles every string value of `message`; `field` is the message's own path in the
    /// request, which errors start from (`notification.fcm.message`).
    pub fn compile(field: &str, message: &Value, opts: Options) -> Result<Template, TemplateError> {
        let mut path = field.to_owned();
        let root = compile_node(message, &mut path, opts)?
            .unwrap_or_else(|| Node::Static(message.clone()));
        Ok(Template { root })
    }

    /// True when no string holds a template: every device gets the message unchanged, so a
    /// caller can send the original and skip [`Template::render`].
    pub fn is_static(&self) -> bool {
        matches!(self.root, Node::Static(_))
    }

    /// The message for one device.
    pub fn render(&self, ctx: &Context<'_>) -> Value {
        render_node(&self.root, ctx)
    }
}

/// `None`: nothing below `v` is a template.
fn compile_node(
    v: &Value,
    path: &mut String,
    opts: Options,
) -> Result<Option<Node>, TemplateError> {
    match v {
        Value::String(s) => match compile_parts(s, opts) {
            Ok(None) => Ok(None),
            Ok(Some(parts)) => Ok(Some(Node::Text(parts))),
            Err(problem) => Err(TemplateError {
                path: path.clone(),
                problem,
            }),
        },
        Value::Array(items) => {
            let mut nodes = Vec::new();
            let mut any = false;
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
                let node = compile_node(item, path, opts)?;
                path.truncate(len);
                any |= node.is_some();
                nodes.push(node);
            }
            if !any {
                return Ok(None);
            }
            let nodes = nodes
                .into_iter()
                .zip(items)
                .map(|(n, v)| n.unwrap_or_else(|| Node::Static(v.clone())))
                .collect();
            Ok(Some(Node::Array(nodes)))
        }
        Value::Object(map) => {
            let mut nodes = Vec::new();
            let mut any = false;
            for (k, item) in map {
                let len = path.len();
                push_key(path, k);
                let node = compile_node(item, path, opts)?;
                path.truncate(len);
                any |= node.is_some();
                nodes.push(node);
            }
            if !any {
                return Ok(None);
            }
            let nodes = nodes
                .into_iter()
                .zip(map)
                .map(|(n, (k, v))| (k.clone(), n.unwrap_or_else(|| Node::Static(v.clone()))))
                .collect();
            Ok(Some(Node::Object(nodes)))
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(None),
    }
}

/// `.key`, or `["key"]` when the key is not a plain name.
fn push_key(path: &mut String, k: &str) {
    let plain = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        path.push('.');
        path.push_str(k);
    } else {
        path.push('[');
        path.push_str(&Value::String(k.to_owned()).to_string());
        path.push(']');
    }
}

fn render_node(node: &Node, ctx: &Context<'_>) -> Value {
    match node {
        Node::Static(v) => v.clone(),
        Node::Text(parts) => Value::String(render_parts(parts, ctx)),
        Node::Array(items) => Value::Array(items.iter().map(|n| render_node(n, ctx)).collect()),
        Node::Object(fields) => {
            let mut map = Map::with_capacity(fields.len());
            for (k, n) in fields {
                map.insert(k.clone(), render_node(n, ctx));
            }
            Value::Object(map)
        }
    }
}

/// One templated string on its own (a rate-limit key). Rendering a string with no action, or
/// one that is a single action, borrows instead of allocating.
#[derive(Debug, Clone)]
pub struct Text {
    src: String,
    parts: Option<Vec<Part>>,
}

impl Text {
    /// `field` names the string in errors.
    pub fn compile(field: &str, src: &str, opts: Options) -> Result<Text, TemplateError> {
        let parts = compile_parts(src, opts).map_err(|problem| TemplateError {
            path: field.to_owned(),
            problem,
        })?;
        Ok(Text {
            src: src.to_owned(),
            parts,
        })
    }

    pub fn render<'t>(&'t self, ctx: &'t Context<'_>) -> Cow<'t, str> {
        match self.parts.as_deref() {
            None => Cow::Borrowed(&self.src),
            Some([Part::Expr(e)]) => Cow::Borrowed(e.eval(ctx)),
            Some(parts) => Cow::Owned(render_parts(parts, ctx)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    Lit(String),
    Var(Var),
    /// sprig's `default fallback value`.
    Default {
        fallback: Box<Expr>,
        value: Box<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Var {
    Id,
    User,
    Locale,
    Timezone,
    Meta(String),
    L10n(String),
}

impl Expr {
    fn eval<'t>(&'t self, ctx: &'t Context<'_>) -> &'t str {
        match self {
            Expr::Lit(s) => s,
            Expr::Var(v) => match v {
                Var::Id => ctx.id,
                Var::User => ctx.user,
                Var::Locale => ctx.locale,
                Var::Timezone => ctx.timezone,
                Var::Meta(k) => lookup(ctx.meta, k),
                Var::L10n(k) => lookup(ctx.l10n, k),
            },
            Expr::Default { fallback, value } => {
                let v = value.eval(ctx);
                if v.is_empty() {
                    fallback.eval(ctx)
                } else {
                    v
                }
            }
        }
    }
}

fn lookup<'t>(map: Option<&'t BTreeMap<String, String>>, key: &str) -> &'t str {
    map.and_then(|m| m.get(key)).map_or("", String::as_str)
}

fn render_parts(parts: &[Part], ctx: &Context<'_>) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Lit(s) => out.push_str(s),
            Part::Expr(e) => out.push_str(e.eval(ctx)),
        }
    }
    out
}

/// Go's trim markers remove this whitespace.
fn is_go_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `None` when `src` holds no action (the common case: one scan, no allocation).
fn compile_parts(src: &str, opts: Options) -> Result<Option<Vec<Part>>, Problem> {
    if !src.contains("{{") {
        return Ok(None);
    }
    let mut parts = Vec::new();
    let mut lit_start = 0;
    let mut trim_next = false;
    while let Some(off) = src[lit_start..].find("{{") {
        let open = lit_start + off;
        let mut text = &src[lit_start..open];
        if trim_next {
            text = text.trim_start_matches(is_go_space);
        }
        let mut body = open + 2;
        let rest = &src[body..];
        if rest.starts_with('-') && rest[1..].starts_with(is_go_space) {
            text = text.trim_end_matches(is_go_space);
            body += 1;
        }
        push_lit(&mut parts, text);
        let action = Action::parse(src, open, body, opts)?;
        if let Some(e) = action.expr {
            parts.push(Part::Expr(e));
        }
        trim_next = action.trim_right;
        lit_start = action.end;
    }
    let mut text = &src[lit_start..];
    if trim_next {
        text = text.trim_start_matches(is_go_space);
    }
    push_lit(&mut parts, text);
    Ok(Some(parts))
}

fn push_lit(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Lit(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Lit(text.to_owned()));
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'s> {
    Str(String),
    Field(Vec<&'s str>),
    Ident(&'s str),
    Pipe,
}

/// One `{{...}}`, parsed.
struct Action {
    /// `None` for a comment.
    expr: Option<Expr>,
    /// Just past the closing `}}`.
    end: usize,
    trim_right: bool,
}

const KEYWORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];

impl Action {
    /// `open` is the `{{`, `body` the first byte after it (and after a `-` trim marker).
    fn parse(src: &str, open: usize, body: usize, opts: Options) -> Result<Action, Problem> {
        let unclosed = Problem::Unclosed { at: open };
        // The action's text for messages: up to the first `}}`, or the rest of the string.
        let shown = |upto: Option<usize>| {
            let end =
                upto.unwrap_or_else(|| src[open..].find("}}").map_or(src.len(), |i| open + i + 2));
            snippet(&src[open..end])
        };
        let syntax = |reason: &str, upto: Option<usize>| Problem::Syntax {
            action: shown(upto),
            reason: reason.to_owned(),
        };

        let mut i = skip_space(src, body);
        if src[i..].starts_with("/*") {
            let close = src[i + 2..].find("*/").ok_or(unclosed.clone())? + i + 4;
            let j = skip_space(src, close);
            return if src[j..].starts_with("}}") {
                Ok(Action {
                    expr: None,
                    end: j + 2,
                    trim_right: false,
                })
            } else if src[j..].starts_with("-}}") && j > close {
                Ok(Action {
                    expr: None,
                    end: j + 3,
                    trim_right: true,
                })
            } else if j == src.len() {
                Err(unclosed)
            } else {
                Err(syntax("a comment must end the action: `/* ... */}}`", None))
            };
        }

        let mut toks = Vec::new();
        let (end, trim_right) = loop {
            i = skip_space(src, i);
            let rest = &src[i..];
            let Some(c) = rest.chars().next() else {
                return Err(unclosed);
            };
            if rest.starts_with("}}") {
                break (i + 2, false);
            }
            if rest.starts_with("-}}") {
                // Go's right trim marker is ` -}}`: the space keeps `{{.x-}}` from meaning
                // something else.
                if i > body && src[..i].ends_with(is_go_space) {
                    break (i + 3, true);
                }
                return Err(syntax(
                    "a trim marker needs a space before it: ` -}}`",
                    None,
                ));
            }
            match c {
                '"' => {
                    let (s, next) = quoted(src, i).map_err(|r| syntax(r, None))?;
                    toks.push(Tok::Str(s));
                    i = next;
                }
                '`' => {
                    let close = rest[1..]
                        .find('`')
                        .ok_or_else(|| syntax("unterminated raw string", None))?;
                    toks.push(Tok::Str(rest[1..=close].to_owned()));
                    i += close + 2;
                }
                '[' if rest.starts_with("[[") => {
                    let close = rest[2..]
                        .find("]]")
                        .ok_or_else(|| syntax("unterminated `[[`", None))?;
                    toks.push(Tok::Str(rest[2..close + 2].to_owned()));
                    i += close + 4;
                }
                '|' => {
                    toks.push(Tok::Pipe);
                    i += 1;
                }
                '.' => {
                    let mut segs = Vec::new();
                    let mut j = i;
                    while src[j..].starts_with('.') {
                        let name = ident(&src[j + 1..]);
                        if name.is_empty() {
                            return Err(syntax(
                                "`.` must be followed by a name: `.device.<field>` or `.l10n.<key>`",
                                None,
                            ));
                        }
                        segs.push(name);
                        j += 1 + name.len();
                    }
                    toks.push(Tok::Field(segs));
                    i = j;
                }
                c if c.is_alphabetic() || c == '_' => {
                    let name = ident(rest);
                    toks.push(Tok::Ident(name));
                    i += name.len();
                }
                '$' => return Err(syntax("variables (`$`) are not supported", None)),
                '(' | ')' => return Err(syntax("parentheses are not supported", None)),
                c if c.is_ascii_digit() || c == '-' || c == '+' => {
                    return Err(syntax("numbers are not supported: quote the text", None));
                }
                c => return Err(syntax(&format!("unexpected `{c}`"), None)),
            }
        };
        let shown_now = || snippet(&src[open..end]);
        let expr = pipeline(&toks, opts, &shown_now)?;
        Ok(Action {
            expr: Some(expr),
            end,
            trim_right,
        })
    }
}

fn skip_space(src: &str, i: usize) -> usize {
    i + (src[i..].len() - src[i..].trim_start_matches(is_go_space).len())
}

/// A Go identifier at the start of `s` (possibly empty).
fn ident(s: &str) -> &str {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let ok = c == '_' || c.is_alphabetic() || (i > 0 && c.is_numeric());
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

/// The action's text for an error message, cut at 80 chars.
fn snippet(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_owned(),
    }
}

/// A Go interpreted string literal starting at `src[start] == '"'`: the text and the index
/// past the closing quote.
fn quoted(src: &str, start: usize) -> Result<(String, usize), &'static str> {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, start + 1 + i + 1)),
            '\n' => return Err("newline in a quoted string"),
            '\\' => {
                let (_, e) = chars.next().ok_or("unterminated quoted string")?;
                match e {
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'u' | 'U' => {
                        let n = if e == 'u' { 4 } else { 8 };
                        let mut code = 0u32;
                        for _ in 0..n {
                            let (_, h) = chars.next().ok_or("unterminated quoted string")?;
                            code = code * 16 + h.to_digit(16).ok_or("bad \\u escape")?;
                        }
                        out.push(char::from_u32(code).ok_or("bad \\u escape: not a character")?);
                    }
                    _ => return Err("unsupported escape in a quoted string"),
                }
            }
            c => out.push(c),
        }
    }
    Err("unterminated quoted string")
}

/// `toks` split at `|`: `a | f b` is `f b a` (the piped value goes last, as in Go).
fn pipeline(toks: &[Tok<'_>], opts: Options, shown: &dyn Fn() -> String) -> Result<Expr, Problem> {
    let syntax = |reason: &str| Problem::Syntax {
        action: shown(),
        reason: reason.to_owned(),
    };
    let mut piped: Option<Expr> = None;
    for (n, cmd) in toks.split(|t| *t == Tok::Pipe).enumerate() {
        let Some((head, args)) = cmd.split_first() else {
            return Err(syntax(if n == 0 {
                "empty action"
            } else {
                "empty command after `|`"
            }));
        };
        let expr = match head {
            Tok::Ident(name) => {
                if KEYWORDS.contains(name) {
                    return Err(syntax(&format!("`{name}` actions are not supported")));
                }
                if *name != "default" {
                    return Err(Problem::UnknownFunction {
                        name: (*name).to_owned(),
                        action: shown(),
                    });
                }
                let mut vals = args
                    .iter()
                    .map(|t| operand(t, opts, shown))
                    .collect::<Result<Vec<_>, _>>()?;
                vals.extend(piped.take());
                let [fallback, value]: [Expr; 2] = vals.try_into().map_err(|_| {
                    syntax("`default` takes two arguments: the fallback, then the value")
                })?;
                Expr::Default {
                    fallback: Box::new(fallback),
                    value: Box::new(value),
                }
            }
            _ if n > 0 => return Err(syntax("only a function can follow `|`")),
            _ => {
                if !args.is_empty() {
                    return Err(syntax("more than one value: did you mean `default`?"));
                }
                operand(head, opts, shown)?
            }
        };
        piped = Some(expr);
    }
    piped.ok_or_else(|| syntax("empty action"))
}

fn operand(t: &Tok<'_>, opts: Options, shown: &dyn Fn() -> String) -> Result<Expr, Problem> {
    let syntax = |reason: String| Problem::Syntax {
        action: shown(),
        reason,
    };
    match t {
        Tok::Str(s) => Ok(Expr::Lit(s.clone())),
        Tok::Ident(name) if *name == "default" || KEYWORDS.contains(name) => Err(syntax(format!(
            "`{name}` as an argument needs parentheses, which are not supported"
        ))),
        Tok::Ident(name) => Err(Problem::UnknownFunction {
            name: (*name).to_owned(),
            action: shown(),
        }),
        Tok::Pipe => Err(syntax("unexpected `|`".to_owned())),
        Tok::Field(segs) => {
            let var = match segs.as_slice() {
                ["device", "id"] => Var::Id,
                ["device", "user"] => Var::User,
                ["device", "locale"] => Var::Locale,
                ["device", "timezone"] => Var::Timezone,
                ["device", "meta", key] if opts.use_meta => Var::Meta((*key).to_owned()),
                ["device", "meta", _] => {
                    return Err(Problem::MetaWithoutUseMeta { action: shown() })
                }
                ["device"] => {
                    return Err(syntax(
                        "`.device` needs a field: id, user, locale, timezone or meta.<key>".into(),
                    ))
                }
                ["device", "meta"] => {
                    return Err(syntax(
                        "`.device.meta` needs a key: `.device.meta.<key>`".into(),
                    ))
                }
                ["device", "id" | "user" | "locale" | "timezone" | "meta", ..] => {
                    return Err(syntax(format!(
                        "`.{}` has no fields",
                        segs[..segs.len() - 1].join(".")
                    )))
                }
                ["device", other, ..] => {
                    return Err(syntax(format!(
                        "unknown device field `{other}` (id, user, locale, timezone, meta.<key>)"
                    )))
                }
                ["l10n", ..] if !opts.l10n => {
                    return Err(syntax(
                        "`.l10n` is not available here: only `.device` fields are".into(),
                    ))
                }
                ["l10n", key] => Var::L10n((*key).to_owned()),
                ["l10n"] => return Err(syntax("`.l10n` needs a key: `.l10n.<key>`".into())),
                ["l10n", ..] => return Err(syntax("`.l10n.<key>` has no fields".into())),
                [root, ..] => {
                    return Err(Problem::UnknownRoot {
                        name: (*root).to_owned(),
                        action: shown(),
                    })
                }
                [] => return Err(syntax("empty field".into())),
            };
            Ok(Expr::Var(var))
        }
    }
}

#[cfg(test)]
mod tests;
