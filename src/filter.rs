//! The filter language of `centri trace --filter`, `centri trace replay --filter` and the
//! connections API `expression`: one boolean expression evaluated against a JSON value (a
//! trace event, a connection). Owns parsing and evaluation only; imports nothing from the
//! rest of the crate.
//!
//! # Grammar
//!
//! ```text
//! expr       := and ( "||" and )*
//! and        := unary ( "&&" unary )*
//! unary      := "!" negated | comparison
//! negated    := "!" negated | "(" expr ")" | operand
//! comparison := "(" expr ")"
//!             | operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
//!                       | "~" STRING | "=~" STRING
//!                       | "in" "[" [ literal ( "," literal )* [","] ] "]"
//!                       | "in" field ]
//! operand    := field | literal
//! field      := NAME ( "." NAME )*          NAME = [A-Za-z_][A-Za-z0-9_-]* or digits
//! literal    := STRING | NUMBER | "true" | "false" | "null"
//! ```
//!
//! Precedence, tightest first: `!`, comparisons, `&&`, `||`. Parentheses group.
//!
//! - **Fields** are dotted paths into the value: `channel`, `payload.pub.data.text`,
//!   `reply.error.code`. A digit segment indexes an array (`payload.items.0`). A missing field
//!   is `null`. An unquoted word is always a field, so strings need double quotes.
//! - **Strings** are double-quoted. `\"` is a quote and `\\` a backslash; any other backslash
//!   is kept as typed, so regexes read naturally: `"^chat:\d+$"`.
//! - **Numbers** are integers or floats (`103`, `-1`, `0.5`, `1e3`) and compare numerically
//!   (`1 == 1.0`).
//! - **Comparisons are strict about types**: values of different types are never equal and
//!   never ordered, so `code == "103"` is false when `code` is the number 103, and
//!   `code < "200"` is false too. `<`, `<=`, `>`, `>=` order numbers numerically and strings
//!   lexicographically (byte order); anything else is unordered (false). `!=` is the
//!   negation of `==`.
//! - `field ~ "glob"` matches a string against a glob: `*` any run of characters (it crosses
//!   `:` and `/`), `?` one character, `[abc]`/`[a-z]`/`[!a]` a class, `\*` a literal star. The
//!   whole string must match.
//! - `field =~ "regex"` matches a string against a regular expression (Rust `regex` syntax),
//!   unanchored: use `^...$` to match the whole string.
//! - `field in [v1, v2, ...]` is true when the field equals one of the literals.
//! - `operand in field` is true when the field is an array holding a value equal to the
//!   operand: `"centri-admins" in groups` (false when the field is not an array).
//! - A bare operand is a truth test: true unless it is `null`, `false`, `""` or `0` (so a
//!   missing field is false; arrays and objects, even empty, are true).
//! - `!` negates the operand or parenthesised group right after it. It binds tighter than a
//!   comparison, so `!a == b` would mean `(!a) == b`; since that is almost never what was
//!   meant, it is rejected: write `!(a == b)` or `a != b`.
//! - `&&` and `||` short-circuit.
//!
//! Glob and regex patterns are compiled once, when the filter is parsed; a bad pattern is a
//! parse error. An expression is at most [`MAX_LEN`] bytes and nests at most [`MAX_DEPTH`]
//! levels of parentheses and `!`, so hostile input cannot overflow the stack.
//!
//! # Examples
//!
//! ```text
//! type == "publication" && channel ~ "chat:*"
//! user in ["42", "43"] && direction == "out"
//! code >= 100 && code < 200
//! reply.error                                   replies carrying an error
//! !(type == "ping" || type == "pong")
//! payload.pub.data.text =~ "(?i)hello"
//! channel ~ "private:*" || (type == "subscribe" && code == 103)
//! ```
//!
//! Errors give the byte offset where the problem is and what was expected, e.g.
//! `expected a value after '==' at 8` for `type == `.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

/// The longest expression accepted, in bytes.
pub const MAX_LEN: usize = 4096;
/// The deepest nesting of parentheses and `!` accepted.
pub const MAX_DEPTH: usize = 64;

/// A parsed filter expression. Cheap to clone; evaluation does not allocate.
#[derive(Debug, Clone)]
pub struct Filter {
    source: String,
    expr: Expr,
}

/// Why an expression did not parse: what was expected, and the byte offset where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {offset}")]
pub struct FilterError {
    /// Byte offset into the expression (its length when the input ended too early).
    pub offset: usize,
    /// What was wrong or expected, without the position.
    pub message: String,
}

impl FilterError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            message: message.into(),
        }
    }
}

impl Filter {
    /// Parses an expression (see the module documentation for the grammar).
    ///
    /// # Errors
    /// A [`FilterError`] with the byte offset of the problem and what was expected there.
    pub fn parse(expr: &str) -> Result<Self, FilterError> {
        if expr.len() > MAX_LEN {
            return Err(FilterError::new(
                MAX_LEN,
                format!(
                    "expression too long ({} bytes, at most {MAX_LEN})",
                    expr.len()
                ),
            ));
        }
        let tokens = tokenize(expr)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            depth: 0,
            end: expr.len(),
        };
        let e = p.expr()?;
        if let Some(t) = p.peek() {
            return Err(FilterError::new(
                t.start,
                format!(
                    "expected '&&', '||' or the end of the expression, found {}",
                    t.kind.describe()
                ),
            ));
        }
        Ok(Self {
            source: expr.to_string(),
            expr: e,
        })
    }

    /// Whether `value` satisfies the expression.
    pub fn matches(&self, value: &Value) -> bool {
        self.expr.eval(value)
    }

    /// The expression as it was typed.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A field path, already split on dots.
    Field(Vec<String>),
    Str(String),
    Num(serde_json::Number),
    True,
    False,
    Null,
    In,
    Op(CmpOp),
    Glob,
    Regex,
    And,
    Or,
    Not,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Field(p) => format!("field '{}'", p.join(".")),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::Num(n) => format!("number {n}"),
            Tok::True => "'true'".into(),
            Tok::False => "'false'".into(),
            Tok::Null => "'null'".into(),
            Tok::In => "'in'".into(),
            Tok::Op(op) => format!("'{}'", op.symbol()),
            Tok::Glob => "'~'".into(),
            Tok::Regex => "'=~'".into(),
            Tok::And => "'&&'".into(),
            Tok::Or => "'||'".into(),
            Tok::Not => "'!'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::LBracket => "'['".into(),
            Tok::RBracket => "']'".into(),
            Tok::Comma => "','".into(),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    start: usize,
}

fn tokenize(src: &str) -> Result<Vec<Token>, FilterError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let two = |s: &[u8]| bytes[i..].starts_with(s);
        let (kind, len) = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b'[' => (Tok::LBracket, 1),
            b']' => (Tok::RBracket, 1),
            b',' => (Tok::Comma, 1),
            b'~' => (Tok::Glob, 1),
            _ if two(b"==") => (Tok::Op(CmpOp::Eq), 2),
            _ if two(b"=~") => (Tok::Regex, 2),
            _ if two(b"!=") => (Tok::Op(CmpOp::Ne), 2),
            _ if two(b"<=") => (Tok::Op(CmpOp::Le), 2),
            _ if two(b">=") => (Tok::Op(CmpOp::Ge), 2),
            _ if two(b"&&") => (Tok::And, 2),
            _ if two(b"||") => (Tok::Or, 2),
            b'<' => (Tok::Op(CmpOp::Lt), 1),
            b'>' => (Tok::Op(CmpOp::Gt), 1),
            b'!' => (Tok::Not, 1),
            b'=' => return Err(FilterError::new(i, "unexpected '=' (did you mean '=='?)")),
            b'&' => return Err(FilterError::new(i, "unexpected '&' (did you mean '&&'?)")),
            b'|' => return Err(FilterError::new(i, "unexpected '|' (did you mean '||'?)")),
            b'\'' => {
                return Err(FilterError::new(
                    i,
                    "strings take double quotes, not single quotes",
                ))
            }
            b'"' => {
                let (s, len) = string(src, i)?;
                (Tok::Str(s), len)
            }
            b'-' | b'0'..=b'9' => {
                let len = number_len(&bytes[i..]);
                // A digit-led word that is not a number (e.g. `1abc`) is an error rather than
                // a field: fields start with a letter or underscore.
                let text = &src[i..i + len];
                let n: serde_json::Number = serde_json::from_str(text).map_err(|_| {
                    FilterError::new(i, format!("expected a number, found {text:?}"))
                })?;
                if bytes
                    .get(i + len)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
                {
                    return Err(FilterError::new(
                        i,
                        format!("expected a number, found {:?}", word_at(src, i)),
                    ));
                }
                (Tok::Num(n), len)
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let (path, len) = field(src, i)?;
                let kind = match path.as_slice() {
                    [w] if w == "true" => Tok::True,
                    [w] if w == "false" => Tok::False,
                    [w] if w == "null" => Tok::Null,
                    [w] if w == "in" => Tok::In,
                    _ => Tok::Field(path),
                };
                (kind, len)
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(FilterError::new(
                    i,
                    format!(
                        "unexpected character {ch:?}: expected a field, a value or an operator"
                    ),
                ));
            }
        };
        out.push(Token { kind, start });
        i += len;
    }
    Ok(out)
}

/// The word starting at `i`, for error messages.
fn word_at(src: &str, i: usize) -> &str {
    let rest = &src[i..];
    let end = rest
        .find(|c: char| c.is_whitespace() || "()[],!=<>~&|\"".contains(c))
        .unwrap_or(rest.len());
    &rest[..end.max(1).min(rest.len())]
}

/// The length of a JSON-like number at the start of `b` (validated by the caller).
fn number_len(b: &[u8]) -> usize {
    let mut n = 0;
    if b.first() == Some(&b'-') {
        n += 1;
    }
    while b.get(n).is_some_and(u8::is_ascii_digit) {
        n += 1;
    }
    if b.get(n) == Some(&b'.') && b.get(n + 1).is_some_and(u8::is_ascii_digit) {
        n += 1;
        while b.get(n).is_some_and(u8::is_ascii_digit) {
            n += 1;
        }
    }
    if matches!(b.get(n), Some(b'e' | b'E')) {
        let mut m = n + 1;
        if matches!(b.get(m), Some(b'+' | b'-')) {
            m += 1;
        }
        if b.get(m).is_some_and(u8::is_ascii_digit) {
            while b.get(m).is_some_and(u8::is_ascii_digit) {
                m += 1;
            }
            n = m;
        }
    }
    n
}

/// A double-quoted string starting at `start`; (unescaped text, length in bytes).
fn string(src: &str, start: usize) -> Result<(String, usize), FilterError> {
    let mut s = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((j, c)) = chars.next() {
        match c {
            '"' => return Ok((s, j + 2)),
            '\\' => match chars.next() {
                Some((_, '"')) => s.push('"'),
                Some((_, '\\')) => s.push('\\'),
                Some((_, other)) => {
                    s.push('\\');
                    s.push(other);
                }
                None => break,
            },
            c => s.push(c),
        }
    }
    Err(FilterError::new(
        start,
        "unterminated string: expected a closing '\"'",
    ))
}

/// A dotted field path starting at `start`; (segments, length in bytes).
fn field(src: &str, start: usize) -> Result<(Vec<String>, usize), FilterError> {
    let b = src.as_bytes();
    let mut segs = Vec::new();
    let mut i = start;
    loop {
        let seg_start = i;
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        while b.get(i).copied().is_some_and(word) {
            i += 1;
        }
        if i == seg_start {
            return Err(FilterError::new(
                i,
                "expected a field name after '.'".to_string(),
            ));
        }
        segs.push(src[seg_start..i].to_string());
        if b.get(i) == Some(&b'.') {
            i += 1;
        } else {
            return Ok((segs, i - start));
        }
    }
}

// ---------------------------------------------------------------- syntax tree

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone)]
enum Operand {
    Field(Vec<String>),
    Value(Value),
}

impl Operand {
    fn get<'a>(&'a self, root: &'a Value) -> &'a Value {
        match self {
            Operand::Value(v) => v,
            Operand::Field(path) => lookup(root, path),
        }
    }
}

#[derive(Debug, Clone)]
enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Truthy(Operand),
    Cmp(Operand, CmpOp, Operand),
    Glob(Operand, globset::GlobMatcher),
    Regex(Operand, regex::Regex),
    In(Operand, Vec<Value>),
    Member(Operand, Vec<String>),
}

static NULL: Value = Value::Null;

fn lookup<'a>(root: &'a Value, path: &[String]) -> &'a Value {
    let mut v = root;
    for seg in path {
        v = match v {
            Value::Object(m) => m.get(seg.as_str()),
            Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .unwrap_or(&NULL);
    }
    v
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Numbers compare numerically: exactly when both are integers, as floats otherwise.
fn cmp_numbers(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    let int = |n: &serde_json::Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// Strict equality: same type and same value; numbers numerically, containers structurally.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => cmp_numbers(x, y) == Some(Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| equal(p, q)))
        }
        _ => a == b,
    }
}

/// Ordering for `<` and friends: numbers and strings only, never across types.
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => cmp_numbers(x, y),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

impl Expr {
    fn eval(&self, root: &Value) -> bool {
        match self {
            Expr::Or(es) => es.iter().any(|e| e.eval(root)),
            Expr::And(es) => es.iter().all(|e| e.eval(root)),
            Expr::Not(e) => !e.eval(root),
            Expr::Truthy(o) => truthy(o.get(root)),
            Expr::Cmp(l, op, r) => {
                let (a, b) = (l.get(root), r.get(root));
                match op {
                    CmpOp::Eq => equal(a, b),
                    CmpOp::Ne => !equal(a, b),
                    CmpOp::Lt => order(a, b) == Some(Ordering::Less),
                    CmpOp::Le => matches!(order(a, b), Some(Ordering::Less | Ordering::Equal)),
                    CmpOp::Gt => order(a, b) == Some(Ordering::Greater),
                    CmpOp::Ge => {
                        matches!(order(a, b), Some(Ordering::Greater | Ordering::Equal))
                    }
                }
            }
            Expr::Glob(o, g) => o.get(root).as_str().is_some_and(|s| g.is_match(s)),
            Expr::Regex(o, r) => o.get(root).as_str().is_some_and(|s| r.is_match(s)),
            Expr::In(o, list) => {
                let v = o.get(root);
                list.iter().any(|x| equal(v, x))
            }
            Expr::Member(o, path) => {
                let v = o.get(root);
                lookup(root, path)
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| equal(v, x)))
            }
        }
    }
}

// ---------------------------------------------------------------- parser

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// The input length: the offset reported when the input ends too early.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    /// The offset of the next token, or the end of the input.
    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.start)
    }

    fn eat(&mut self, kind: &Tok) -> bool {
        if self.peek().is_some_and(|t| &t.kind == kind) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// What was found where something else was expected, for error messages.
    fn found(&self) -> String {
        self.peek()
            .map_or_else(|| "the end of the expression".into(), |t| t.kind.describe())
    }

    fn descend(&mut self, at: usize) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(FilterError::new(
                at,
                format!("expression nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Expr, FilterError> {
        let mut terms = vec![self.and()?];
        while self.eat(&Tok::Or) {
            terms.push(self.and_after("||")?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::Or(terms)
        })
    }

    fn and_after(&mut self, op: &str) -> Result<Expr, FilterError> {
        if self.peek().is_none() {
            return Err(FilterError::new(
                self.end,
                format!("expected an expression after '{op}'"),
            ));
        }
        self.and()
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut terms = vec![self.unary()?];
        while self.eat(&Tok::And) {
            if self.peek().is_none() {
                return Err(FilterError::new(
                    self.end,
                    "expected an expression after '&&'",
                ));
            }
            terms.push(self.unary()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::And(terms)
        })
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if self.peek().is_some_and(|t| t.kind == Tok::Not) {
            let e = self.negated()?;
            // `!a == b` parses as `(!a) == b`, which is never what was meant.
            if let Some(t) = self.peek() {
                if matches!(t.kind, Tok::Op(_) | Tok::Glob | Tok::Regex | Tok::In) {
                    return Err(FilterError::new(
                        t.start,
                        format!(
                            "'!' binds tighter than {}: write !(a {} b) to negate the comparison",
                            t.kind.describe(),
                            match &t.kind {
                                Tok::Op(op) => op.symbol(),
                                Tok::Glob => "~",
                                Tok::Regex => "=~",
                                _ => "in",
                            }
                        ),
                    ));
                }
            }
            return Ok(e);
        }
        self.comparison()
    }

    /// `!` followed by what it negates: another `!`, a group, or an operand.
    fn negated(&mut self) -> Result<Expr, FilterError> {
        let at = self.here();
        if !self.eat(&Tok::Not) {
            return self.group_or_operand();
        }
        self.descend(at)?;
        let inner = self.negated()?;
        self.depth -= 1;
        Ok(Expr::Not(Box::new(inner)))
    }

    fn group_or_operand(&mut self) -> Result<Expr, FilterError> {
        if self.peek().is_some_and(|t| t.kind == Tok::LParen) {
            return self.group();
        }
        let op = self.operand(" after '!'")?;
        Ok(Expr::Truthy(op))
    }

    fn group(&mut self) -> Result<Expr, FilterError> {
        let open = self.here();
        self.pos += 1; // the '('
        self.descend(open)?;
        if self.peek().is_some_and(|t| t.kind == Tok::RParen) {
            return Err(FilterError::new(
                self.here(),
                "expected an expression inside '()'",
            ));
        }
        let e = self.expr()?;
        if !self.eat(&Tok::RParen) {
            return Err(FilterError::new(
                self.here(),
                format!(
                    "expected ')' to close the '(' at {open}, found {}",
                    self.found()
                ),
            ));
        }
        self.depth -= 1;
        Ok(e)
    }

    fn operand(&mut self, after: &str) -> Result<Operand, FilterError> {
        let at = self.here();
        let what = self.found();
        match self.next().map(|t| t.kind) {
            Some(Tok::Field(p)) => Ok(Operand::Field(p)),
            Some(t) => match literal(t) {
                Some(v) => Ok(Operand::Value(v)),
                None => Err(FilterError::new(
                    at,
                    format!("expected a field or a value{after}, found {what}"),
                )),
            },
            None => Err(FilterError::new(
                at,
                format!("expected a field or a value{after}"),
            )),
        }
    }

    fn comparison(&mut self) -> Result<Expr, FilterError> {
        if self.peek().is_some_and(|t| t.kind == Tok::LParen) {
            return self.group();
        }
        let left = self.operand("")?;
        let Some(t) = self.peek().cloned() else {
            return Ok(Expr::Truthy(left));
        };
        match t.kind {
            Tok::Op(op) => {
                self.pos += 1;
                let at = self.here();
                let what = self.found();
                let right = match self.next().map(|t| t.kind) {
                    Some(Tok::Field(p)) => Operand::Field(p),
                    Some(k) => Operand::Value(literal(k).ok_or_else(|| {
                        FilterError::new(
                            at,
                            format!("expected a value after '{}', found {what}", op.symbol()),
                        )
                    })?),
                    None => {
                        return Err(FilterError::new(
                            at,
                            format!("expected a value after '{}'", op.symbol()),
                        ))
                    }
                };
                Ok(Expr::Cmp(left, op, right))
            }
            Tok::Glob => {
                self.pos += 1;
                let (at, pat) = self.pattern("~")?;
                let g = globset::GlobBuilder::new(&pat)
                    .literal_separator(false)
                    .backslash_escape(true)
                    .build()
                    .map_err(|e| {
                        FilterError::new(at, format!("invalid glob {pat:?}: {}", e.kind()))
                    })?;
                Ok(Expr::Glob(left, g.compile_matcher()))
            }
            Tok::Regex => {
                self.pos += 1;
                let (at, pat) = self.pattern("=~")?;
                let r = regex::RegexBuilder::new(&pat)
                    .size_limit(1 << 20)
                    .nest_limit(MAX_DEPTH as u32)
                    .build()
                    .map_err(|e| {
                        let detail = e.to_string();
                        let last = detail.lines().last().unwrap_or_default().trim().to_string();
                        FilterError::new(at, format!("invalid regex {pat:?}: {last}"))
                    })?;
                Ok(Expr::Regex(left, r))
            }
            Tok::In => {
                self.pos += 1;
                if let Some(Tok::Field(path)) = self.peek().map(|t| t.kind.clone()) {
                    self.pos += 1;
                    return Ok(Expr::Member(left, path));
                }
                Ok(Expr::In(left, self.list()?))
            }
            _ => Ok(Expr::Truthy(left)),
        }
    }

    /// The string literal after `~` or `=~`; (its offset, its text).
    fn pattern(&mut self, op: &str) -> Result<(usize, String), FilterError> {
        let at = self.here();
        let what = self.found();
        match self.next().map(|t| t.kind) {
            Some(Tok::Str(s)) => Ok((at, s)),
            _ => Err(FilterError::new(
                at,
                format!("expected a quoted pattern after '{op}', found {what}"),
            )),
        }
    }

    fn list(&mut self) -> Result<Vec<Value>, FilterError> {
        if !self.eat(&Tok::LBracket) {
            return Err(FilterError::new(
                self.here(),
                format!("expected '[' or a field after 'in', found {}", self.found()),
            ));
        }
        let mut items = Vec::new();
        loop {
            if self.eat(&Tok::RBracket) {
                return Ok(items);
            }
            let at = self.here();
            let what = self.found();
            match self.next().map(|t| t.kind).and_then(literal) {
                Some(v) => items.push(v),
                None => {
                    return Err(FilterError::new(
                        at,
                        format!("expected a value or ']' in the list, found {what}"),
                    ))
                }
            }
            if self.eat(&Tok::Comma) {
                continue;
            }
            if self.eat(&Tok::RBracket) {
                return Ok(items);
            }
            return Err(FilterError::new(
                self.here(),
                format!("expected ',' or ']' in the list, found {}", self.found()),
            ));
        }
    }
}

fn literal(t: Tok) -> Option<Value> {
    Some(match t {
        Tok::Str(s) => Value::String(s),
        Tok::Num(n) => Value::Number(n),
        Tok::True => Value::Bool(true),
        Tok::False => Value::Bool(false),
        Tok::Null => Value::Null,
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event() -> Value {
        json!({
            "v": 1, "time": 1_700_000_000_123_i64, "type": "publication", "user": "42",
            "client": "c-1", "channel": "chat:index", "direction": "out", "code": 103,
            "ratio": 0.5, "empty": "", "zero": 0, "no": false, "list": [1, "a"], "obj": {},
            "payload": {"pub": {"data": {"text": "Hello world", "n": 3}, "offset": 12},
                        "items": [{"id": "x"}, {"id": "y"}]},
            "reply": {"error": {"code": 103, "message": "permission denied"}},
            "path": "a/b:c"
        })
    }

    fn m(expr: &str) -> bool {
        Filter::parse(expr)
            .unwrap_or_else(|e| panic!("{expr}: {e}"))
            .matches(&event())
    }

    fn err(expr: &str) -> String {
        Filter::parse(expr).unwrap_err().to_string()
    }

    #[test]
    fn filter_is_clone_send_sync() {
        fn check<T: Clone + std::fmt::Debug + Send + Sync>() {}
        check::<Filter>();
        let f = Filter::parse("a == 1").unwrap();
        assert_eq!(f.to_string(), "a == 1");
        assert_eq!(f.clone().source(), "a == 1");
    }

    #[test]
    fn equality_and_inequality() {
        assert!(m(r#"type == "publication""#));
        assert!(!m(r#"type == "join""#));
        assert!(m(r#"type != "join""#));
        assert!(m("code == 103"));
        assert!(m("code == 103.0"));
        assert!(m("ratio == 0.5"));
        assert!(m("v == 1 && time == 1700000000123"));
        assert!(m("no == false"));
        assert!(m("missing == null"));
        assert!(m("payload.items.1.id == \"y\""));
        assert!(m(r#""publication" == type"#));
        assert!(m("reply.error.code == code"));
    }

    #[test]
    fn ordering_numbers_and_strings() {
        assert!(m("code > 100 && code < 200"));
        assert!(m("code >= 103 && code <= 103"));
        assert!(!m("code > 103"));
        assert!(!m("code < 103"));
        assert!(m("ratio < 1"));
        assert!(m("-1 < zero"));
        assert!(m("1e2 < code"));
        assert!(m(r#"channel > "chat:a" && channel < "chat:z""#));
        assert!(m(r#"user >= "42""#));
    }

    #[test]
    fn different_types_are_unequal_and_unordered() {
        assert!(!m(r#"code == "103""#));
        assert!(m(r#"code != "103""#));
        assert!(!m(r#"code < "200""#));
        assert!(!m(r#"code >= "1""#));
        assert!(!m(r"user == 42"));
        assert!(!m("no == 0"));
        assert!(!m("missing == false"));
        assert!(!m("missing < 1"));
        assert!(!m("payload > 1"));
    }

    #[test]
    fn missing_fields_are_null() {
        assert!(m("nope == null"));
        assert!(m("payload.pub.nope.deeper == null"));
        assert!(m("channel.sub == null"), "a field of a string is missing");
        assert!(m("payload.items.9 == null"));
        assert!(!m("nope"));
        assert!(m("!nope"));
        assert!(!m(r#"nope ~ "*""#));
        assert!(!m(r#"nope =~ """#));
        assert!(m("nope in [null]"));
    }

    #[test]
    fn truth_tests() {
        assert!(m("user"));
        assert!(m("reply.error"));
        assert!(m("list && obj"));
        assert!(!m("empty"));
        assert!(!m("zero"));
        assert!(!m("no"));
        assert!(m("!empty && !zero && !no"));
        assert!(m("true"));
        assert!(!m("null"));
        assert!(m("1 && \"x\""));
    }

    #[test]
    fn glob_crosses_colon_and_slash() {
        assert!(m(r#"channel ~ "chat:*""#));
        assert!(m(r#"channel ~ "*index""#));
        assert!(m(r#"channel ~ "*""#));
        assert!(m(r#"path ~ "a*c""#));
        assert!(m(r#"path ~ "a?b:c""#));
        assert!(m(r#"channel ~ "chat:[hi]ndex""#));
        assert!(!m(r#"channel ~ "chat""#), "the whole string must match");
        assert!(!m(r#"channel ~ "news:*""#));
        assert!(!m(r#"code ~ "1*""#), "numbers are not strings");
        assert!(Filter::parse(r#"c ~ "a\*""#)
            .unwrap()
            .matches(&json!({"c": "a*"})));
        assert!(!Filter::parse(r#"c ~ "a\*""#)
            .unwrap()
            .matches(&json!({"c": "ab"})));
    }

    #[test]
    fn regex_is_unanchored() {
        assert!(m(r#"payload.pub.data.text =~ "world""#));
        assert!(m(r#"payload.pub.data.text =~ "(?i)^hello""#));
        assert!(!m(r#"payload.pub.data.text =~ "^world""#));
        assert!(m(r#"channel =~ "^chat:\w+$""#), "backslashes pass through");
        assert!(!m(r#"code =~ "103""#), "numbers are not strings");
        let f = Filter::parse(r#"s =~ "a\"b\\\\c""#).unwrap();
        assert!(f.matches(&json!({"s": "xa\"b\\c"})));
    }

    #[test]
    fn in_lists() {
        assert!(m(r#"user in ["1", "42"]"#));
        assert!(!m(r"user in [42, 1]"));
        assert!(m("code in [102, 103,]"));
        assert!(!m("code in []"));
        assert!(m("!(code in [1, 2])"));
        assert!(m(r#"type in ["join", "publication", null, true, 1.5]"#));
    }

    #[test]
    fn membership_in_an_array_field() {
        let f = Filter::parse(r#""admins" in groups && !("banned" in groups)"#).unwrap();
        assert!(f.matches(&json!({"groups": ["dev", "admins"]})));
        assert!(!f.matches(&json!({"groups": ["admins", "banned"]})));
        assert!(
            !f.matches(&json!({"groups": "admins"})),
            "a string is not an array"
        );
        assert!(!f.matches(&json!({})), "a missing field holds nothing");
        let f = Filter::parse("level in roles.levels").unwrap();
        assert!(f.matches(&json!({"level": 2, "roles": {"levels": [1, 2]}})));
        assert!(!f.matches(&json!({"level": "2", "roles": {"levels": [1, 2]}})));
    }

    #[test]
    fn precedence_and_grouping() {
        // && binds tighter than ||.
        assert!(m(r#"type == "join" && user == "x" || code == 103"#));
        assert!(m(r#"code == 103 || type == "join" && user == "x""#));
        assert!(!m(r#"(code == 103 || type == "join") && user == "x""#));
        // ! binds tighter than && and ||.
        assert!(!m(r"!user || no"));
        assert!(m(r#"!no && !(type == "join")"#));
        assert!(m("!!user"));
        assert!(m("!(!(user))"));
        assert!(m("((((code == 103))))"));
        // Short circuit does not hide parse errors.
        assert!(Filter::parse("true || (").is_err());
    }

    #[test]
    fn parse_errors_say_where_and_what() {
        assert_eq!(err("type == "), "expected a value after '==' at 8");
        assert_eq!(
            err("type == && x"),
            "expected a value after '==', found '&&' at 8"
        );
        assert_eq!(
            err(r#"type = "x""#),
            "unexpected '=' (did you mean '=='?) at 5"
        );
        assert_eq!(err("a & b"), "unexpected '&' (did you mean '&&'?) at 2");
        assert_eq!(err("a | b"), "unexpected '|' (did you mean '||'?) at 2");
        assert_eq!(
            err(r#"user == "42"#),
            "unterminated string: expected a closing '\"' at 8"
        );
        assert_eq!(
            err("(a == 1"),
            "expected ')' to close the '(' at 0, found the end of the expression at 7"
        );
        assert_eq!(
            err("a == 1)"),
            "expected '&&', '||' or the end of the expression, found ')' at 6"
        );
        assert_eq!(
            err("a b"),
            "expected '&&', '||' or the end of the expression, found field 'b' at 2"
        );
        assert_eq!(err("a &&"), "expected an expression after '&&' at 4");
        assert_eq!(err("a ||"), "expected an expression after '||' at 4");
        assert_eq!(err(""), "expected a field or a value at 0");
        assert_eq!(err("()"), "expected an expression inside '()' at 1");
        assert_eq!(
            err("a ~ b"),
            "expected a quoted pattern after '~', found field 'b' at 4"
        );
        assert!(err(r#"a =~ "(""#).starts_with("invalid regex \"(\": "));
        assert!(err(r#"a =~ "(""#).ends_with(" at 5"));
        assert!(err(r#"a ~ "[""#).starts_with("invalid glob \"[\": "));
        assert_eq!(
            err("a in 1"),
            "expected '[' or a field after 'in', found number 1 at 5"
        );
        assert_eq!(
            err("a in [1 2]"),
            "expected ',' or ']' in the list, found number 2 at 8"
        );
        assert_eq!(
            err("a in [b]"),
            "expected a value or ']' in the list, found field 'b' at 6"
        );
        assert_eq!(
            err(r#"!type == "x""#),
            "'!' binds tighter than '==': write !(a == b) to negate the comparison at 6"
        );
        assert_eq!(err("a.. == 1"), "expected a field name after '.' at 2");
        assert_eq!(err("1abc"), "expected a number, found \"1abc\" at 0");
        assert_eq!(
            err("user == 'x'"),
            "strings take double quotes, not single quotes at 8"
        );
        assert_eq!(
            err("a == #"),
            "unexpected character '#': expected a field, a value or an operator at 5"
        );
        assert_eq!(err("a == !"), "expected a value after '==', found '!' at 5");
        assert_eq!(err("!"), "expected a field or a value after '!' at 1");
        assert_eq!(
            err("a && ! || b"),
            "expected a field or a value after '!', found '||' at 7"
        );
        assert_eq!(err("-x"), "expected a number, found \"-\" at 0");
        let e = Filter::parse("a == ").unwrap_err();
        assert_eq!(
            (e.offset, e.message.as_str()),
            (5, "expected a value after '=='")
        );
    }

    #[test]
    fn depth_and_length_are_bounded() {
        let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Filter::parse(&ok).is_ok());
        let deep = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            Filter::parse(&deep).unwrap_err().to_string(),
            format!("expression nested deeper than {MAX_DEPTH} levels at {MAX_DEPTH}")
        );
        let nots = format!("{}a", "!".repeat(MAX_DEPTH + 1));
        assert!(Filter::parse(&nots)
            .unwrap_err()
            .message
            .contains("nested deeper"));
        let mixed = "!(".repeat(2000);
        assert!(Filter::parse(&mixed).is_err());
        let long = "a || ".repeat(1000) + "a";
        assert!(long.len() > MAX_LEN);
        assert!(Filter::parse(&long)
            .unwrap_err()
            .to_string()
            .starts_with("expression too long"));
        // Long flat chains are fine: they do not nest.
        let flat = "a && ".repeat(800) + "user";
        assert!(Filter::parse(&flat).is_ok());
    }

    #[test]
    fn keywords_and_unicode() {
        let f = Filter::parse(r#"name == "héllo ✓" && in_x == 1"#).unwrap();
        assert!(f.matches(&json!({"name": "héllo ✓", "in_x": 1})));
        let e = Filter::parse("name == ✓").unwrap_err();
        assert_eq!(e.offset, 8);
        let big = Filter::parse("n == 18446744073709551615").unwrap();
        assert!(big.matches(&json!({ "n": u64::MAX })));
        assert!(!big.matches(&json!({ "n": u64::MAX - 1 })));
    }
}
