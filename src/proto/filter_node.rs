//! `FilterNode`: Centrifugo's tree of comparisons over string key/value pairs, used by the
//! PRO `label_filter` of the server API to select connections by their labels.
//!
//! A leaf (`op` empty) compares one key: `eq`, `neq`, `in`, `nin`, `ex` (key present), `nex`
//! (absent), `sw` (starts with), `ew` (ends with), `ct` (contains), and the numeric `lt`,
//! `lte`, `gt`, `gte` (both sides parsed as numbers; an unparsable side does not match). An
//! inner node combines its `nodes` with `and`, `or` or `not` (exactly one child). A negative
//! comparison (`neq`, `nin`) matches when the key is absent. Trees are validated before use;
//! an invalid tree is a `107 bad request`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Deepest tree accepted (bounds the recursion on untrusted input).
pub const MAX_DEPTH: usize = 16;
/// Most nodes accepted in one tree.
pub const MAX_NODES: usize = 256;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterNode {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub op: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cmp: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub val: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vals: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "crate::proto::strict::objects")]
    pub nodes: Vec<FilterNode>,
}

impl FilterNode {
    /// A leaf `key <cmp> val`.
    pub fn leaf(key: &str, cmp: &str, val: &str) -> Self {
        Self {
            key: key.into(),
            cmp: cmp.into(),
            val: val.into(),
            ..Self::default()
        }
    }

    /// `and` of `nodes` (a single node stays as it is).
    pub fn all(mut nodes: Vec<FilterNode>) -> Self {
        if nodes.len() == 1 {
            return nodes.remove(0);
        }
        Self {
            op: "and".into(),
            nodes,
            ..Self::default()
        }
    }

    /// Checks the tree's shape; the error says what is wrong and where.
    pub fn validate(&self) -> Result<(), String> {
        let mut count = 0;
        self.check(0, &mut count)
    }

    fn check(&self, depth: usize, count: &mut usize) -> Result<(), String> {
        *count += 1;
        if depth >= MAX_DEPTH {
            return Err(format!("filter nested deeper than {MAX_DEPTH}"));
        }
        if *count > MAX_NODES {
            return Err(format!("filter has more than {MAX_NODES} nodes"));
        }
        match self.op.as_str() {
            "" => {
                if self.key.is_empty() {
                    return Err("leaf needs a key".into());
                }
                if !self.nodes.is_empty() {
                    return Err(format!("leaf on {:?} must not have nodes", self.key));
                }
                match self.cmp.as_str() {
                    "lt" | "lte" | "gt" | "gte" => {
                        self.val.parse::<f64>().map(|_| ()).map_err(|_| {
                            format!(
                                "{} on {:?} needs a number, got {:?}",
                                self.cmp, self.key, self.val
                            )
                        })
                    }
                    "in" | "nin" if self.vals.is_empty() => {
                        Err(format!("{} on {:?} needs vals", self.cmp, self.key))
                    }
                    "eq" | "neq" | "sw" | "ew" | "ct" | "ex" | "nex" | "in" | "nin" => Ok(()),
                    other => Err(format!("unknown cmp {other:?}")),
                }
            }
            "and" | "or" => {
                if self.nodes.is_empty() {
                    return Err(format!("{} needs nodes", self.op));
                }
                self.nodes
                    .iter()
                    .try_for_each(|n| n.check(depth + 1, count))
            }
            "not" => {
                if self.nodes.len() != 1 {
                    return Err("not needs exactly one node".into());
                }
                self.nodes[0].check(depth + 1, count)
            }
            other => Err(format!("unknown op {other:?}")),
        }
    }

    /// Evaluates a validated tree against `labels`.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self.op.as_str() {
            "and" => self.nodes.iter().all(|n| n.matches(labels)),
            "or" => self.nodes.iter().any(|n| n.matches(labels)),
            "not" => !self.nodes.iter().all(|n| n.matches(labels)),
            _ => {
                let got = labels.get(&self.key).map(String::as_str);
                match (self.cmp.as_str(), got) {
                    ("ex", g) => g.is_some(),
                    ("nex", g) => g.is_none(),
                    ("neq", g) => g != Some(self.val.as_str()),
                    ("nin", g) => g.is_none_or(|g| !self.vals.iter().any(|v| v == g)),
                    (_, None) => false,
                    ("eq", Some(g)) => g == self.val,
                    ("in", Some(g)) => self.vals.iter().any(|v| v == g),
                    ("sw", Some(g)) => g.starts_with(&self.val),
                    ("ew", Some(g)) => g.ends_with(&self.val),
                    ("ct", Some(g)) => g.contains(&self.val),
                    (cmp, Some(g)) => match (g.parse::<f64>(), self.val.parse::<f64>()) {
                        (Ok(a), Ok(b)) => match cmp {
                            "lt" => a < b,
                            "lte" => a <= b,
                            "gt" => a > b,
                            "gte" => a >= b,
                            _ => false,
                        },
                        _ => false,
                    },
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    fn node(json: &str) -> FilterNode {
        let n: FilterNode = serde_json::from_str(json).unwrap();
        n.validate().unwrap();
        n
    }

    #[test]
    fn leaves_compare_as_documented() {
        let l = labels(&[("app", "mobile"), ("v", "12"), ("region", "eu-west")]);
        let cases = [
            (r#"{"key":"app","cmp":"eq","val":"mobile"}"#, true),
            (r#"{"key":"app","cmp":"eq","val":"web"}"#, false),
            (r#"{"key":"app","cmp":"neq","val":"web"}"#, true),
            (r#"{"key":"missing","cmp":"neq","val":"x"}"#, true),
            (r#"{"key":"missing","cmp":"eq","val":""}"#, false),
            (r#"{"key":"app","cmp":"in","vals":["web","mobile"]}"#, true),
            (
                r#"{"key":"app","cmp":"nin","vals":["web","mobile"]}"#,
                false,
            ),
            (r#"{"key":"missing","cmp":"nin","vals":["x"]}"#, true),
            (r#"{"key":"app","cmp":"ex"}"#, true),
            (r#"{"key":"missing","cmp":"nex"}"#, true),
            (r#"{"key":"region","cmp":"sw","val":"eu-"}"#, true),
            (r#"{"key":"region","cmp":"ew","val":"west"}"#, true),
            (r#"{"key":"region","cmp":"ct","val":"u-w"}"#, true),
            (r#"{"key":"v","cmp":"gt","val":"9"}"#, true),
            (r#"{"key":"v","cmp":"lte","val":"12"}"#, true),
            (r#"{"key":"v","cmp":"lt","val":"12"}"#, false),
            (r#"{"key":"app","cmp":"gte","val":"1"}"#, false),
        ];
        for (json, want) in cases {
            assert_eq!(node(json).matches(&l), want, "{json}");
        }
    }

    #[test]
    fn logic_combines_children() {
        let l = labels(&[("app", "mobile"), ("region", "eu")]);
        let and = r#"{"op":"and","nodes":[{"key":"app","cmp":"eq","val":"mobile"},{"key":"region","cmp":"eq","val":"us"}]}"#;
        let or = r#"{"op":"or","nodes":[{"key":"app","cmp":"eq","val":"mobile"},{"key":"region","cmp":"eq","val":"us"}]}"#;
        let not = r#"{"op":"not","nodes":[{"key":"app","cmp":"eq","val":"web"}]}"#;
        assert!(!node(and).matches(&l));
        assert!(node(or).matches(&l));
        assert!(node(not).matches(&l));
        let built = FilterNode::all(vec![
            FilterNode::leaf("app", "eq", "mobile"),
            FilterNode::leaf("region", "eq", "eu"),
        ]);
        built.validate().unwrap();
        assert!(built.matches(&l));
    }

    #[test]
    fn bad_trees_are_rejected_with_a_reason() {
        let bad = [
            (r#"{"cmp":"eq","val":"x"}"#, "key"),
            (r#"{"key":"a","cmp":"like","val":"x"}"#, "unknown cmp"),
            (r#"{"op":"xor","nodes":[]}"#, "unknown op"),
            (r#"{"op":"and"}"#, "needs nodes"),
            (r#"{"op":"not","nodes":[]}"#, "exactly one"),
            (r#"{"key":"a","cmp":"in"}"#, "needs vals"),
            (r#"{"key":"a","cmp":"gt","val":"ten"}"#, "number"),
        ];
        for (json, why) in bad {
            let n: FilterNode = serde_json::from_str(json).unwrap();
            let e = n.validate().unwrap_err();
            assert!(e.contains(why), "{json}: {e}");
        }
        let mut deep = FilterNode::leaf("a", "ex", "");
        for _ in 0..MAX_DEPTH {
            deep = FilterNode {
                op: "not".into(),
                nodes: vec![deep],
                ..FilterNode::default()
            };
        }
        assert!(deep.validate().unwrap_err().contains("deeper"));
    }
}
