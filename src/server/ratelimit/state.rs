//! Live rate-limit edits: the overrides layered over the config file, their persistence in
//! the data directory, and the change history.
//!
//! The state file (`<data-dir>/ratelimits.json`) holds the overrides and the history with a
//! checksum over both. It is written to a temporary file, synced and renamed, so a crash
//! leaves either the old or the new file. At startup a file that does not parse, whose
//! checksum does not match, or whose overrides no longer fit the config is an error that
//! names the file: it is never half-applied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::proto::ratelimit::{
    format_buckets, Change, EditResult, Entry, History, HistoryEntry, LimiterConfig,
    MethodOverride, NamespaceOverride, Overrides, Patch, RateLimitConfig, View,
};

use super::super::config::Config;
use super::{allowed_ops, validate, RateLimits};

const FILE: &str = "ratelimits.json";
const FORMAT: &str = "centri.ratelimits.v1";
/// History entries kept.
const HISTORY: usize = 500;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Body {
    overrides: Overrides,
    history: Vec<HistoryEntry>,
    /// The rate-limit generation of the last applied edit, so that a restart carries on from
    /// it rather than going back to 1. Absent (0) in files written before it was kept, and
    /// then left out, so their checksums still hold.
    #[serde(default, skip_serializing_if = "is_zero")]
    generation: u64,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if signature
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// `key: old → new; key2: old → new` for the log.
fn log_changes(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.key, c.old, c.new))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, Serialize, Deserialize)]
struct OnDisk {
    format: String,
    checksum: String,
    #[serde(flatten)]
    body: Body,
}

/// FNV-1a: enough to notice a truncated or hand-edited file.
fn checksum(b: &Body) -> String {
    let bytes = serde_json::to_vec(b).unwrap_or_default();
    format!("{:016x}", crate::server::fnv1a(&bytes))
}

/// The live overrides of one node, with where they persist.
#[derive(Debug)]
pub struct Store {
    path: Option<PathBuf>,
    file: RateLimitConfig,
    namespaces: Vec<String>,
    body: Mutex<Body>,
}

/// The default data directory for a config file: `<dir>/<stem>.centri-data`.
pub fn default_dir(config: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = config {
        let stem = p.file_stem()?.to_string_lossy().to_string();
        return Some(
            p.parent()
                .unwrap_or_else(|| Path::new("."))
                .join(format!("{stem}.centri-data")),
        );
    }
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(base.join("centri"))
}

impl Store {
    /// Live edits kept in memory only (nothing persists).
    pub fn memory(cfg: &Config) -> Self {
        Self {
            path: None,
            file: cfg.client.rate_limit.clone(),
            namespaces: namespaces(cfg),
            body: Mutex::new(Body::default()),
        }
    }

    /// Opens `<dir>/ratelimits.json` (absent is fine). A corrupt file is an error naming it.
    pub fn open(dir: &Path, cfg: &Config) -> Result<Self, String> {
        let path = dir.join(FILE);
        let mut store = Self::memory(cfg);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let shown = path.display();
                let disk: OnDisk = serde_json::from_slice(&bytes).map_err(|e| {
                    format!("rate-limit state file {shown} is corrupt or truncated ({e}); fix it or move it away to start from the config file")
                })?;
                if disk.format != FORMAT {
                    return Err(format!(
                        "rate-limit state file {shown} has format {:?}, expected {FORMAT:?}",
                        disk.format
                    ));
                }
                if checksum(&disk.body) != disk.checksum {
                    return Err(format!(
                        "rate-limit state file {shown} fails its checksum (edited by hand or damaged); fix it or move it away to start from the config file"
                    ));
                }
                let eff = apply(&store.file, &disk.body.overrides)
                    .map_err(|e| format!("rate-limit state file {shown}: {e}"))?;
                store.check(&eff).map_err(|e| {
                    format!("rate-limit state file {shown} no longer fits the config: {e}")
                })?;
                *store.lock() = disk.body;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "cannot read rate-limit state file {}: {e}",
                    path.display()
                ))
            }
        }
        store.path = Some(path);
        Ok(store)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Body> {
        self.body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn check(&self, eff: &RateLimitConfig) -> Result<(), String> {
        let ns: Vec<&str> = self.namespaces.iter().map(String::as_str).collect();
        validate(eff, &ns).map_err(|(k, why)| format!("{k}: {why}"))
    }

    /// The file's config with the live overrides applied.
    pub fn effective(&self) -> RateLimitConfig {
        let o = self.lock().overrides.clone();
        apply(&self.file, &o).unwrap_or_else(|_| self.file.clone())
    }

    /// The live view.
    pub fn view(&self, limits: &RateLimits) -> View {
        let overrides = self.lock().overrides.clone();
        let effective = apply(&self.file, &overrides).unwrap_or_else(|_| self.file.clone());
        View {
            generation: limits.generation(),
            state_file: self
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            entries: entries(&self.file, &effective, &overrides),
            overrides,
            effective,
            recent_hits: limits.recent_hits(),
        }
    }

    /// The generation of the last applied edit, persisted with the edits (0: none yet). The
    /// server resumes its [`RateLimits`] from it ([`RateLimits::resume`]).
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// The live overrides.
    pub fn overrides(&self) -> Overrides {
        self.lock().overrides.clone()
    }

    /// Takes another node's overrides as this node's (cluster propagation): validated,
    /// persisted and installed like a local edit, logged as coming from `who`.
    pub fn adopt(&self, o: Overrides, who: &str, limits: &RateLimits) -> Result<(), String> {
        if self.lock().overrides == o {
            return Ok(());
        }
        self.commit(o, who, limits, false).map(|_| ())
    }

    pub fn history(&self) -> History {
        History {
            history: self.lock().history.clone(),
        }
    }

    /// Applies a patch: validated, persisted, then swapped into `limits`.
    pub fn patch(&self, p: &Patch, who: &str, limits: &RateLimits) -> Result<EditResult, String> {
        let mut next = self.lock().overrides.clone();
        for k in &p.remove {
            let a = next.set.remove(k).is_some();
            let b = next.dry_run.remove(k).is_some();
            if !a && !b {
                return Err(format!("{k}: no live override to remove"));
            }
        }
        for (k, v) in &p.set {
            parse_key(k)?;
            next.set.insert(k.clone(), v.clone());
        }
        for (k, v) in &p.dry_run {
            parse_dry_key(k)?;
            next.dry_run.insert(k.clone(), *v);
        }
        self.commit(next, who, limits, p.validate_only)
    }

    /// Replaces every live override.
    pub fn replace(
        &self,
        o: Overrides,
        who: &str,
        limits: &RateLimits,
    ) -> Result<EditResult, String> {
        for k in o.set.keys() {
            parse_key(k)?;
        }
        for k in o.dry_run.keys() {
            parse_dry_key(k)?;
        }
        self.commit(o, who, limits, false)
    }

    fn commit(
        &self,
        next: Overrides,
        who: &str,
        limits: &RateLimits,
        validate_only: bool,
    ) -> Result<EditResult, String> {
        let mut body = self.lock();
        let eff = apply(&self.file, &next)?;
        self.check(&eff)?;
        let old_eff = apply(&self.file, &body.overrides).unwrap_or_else(|_| self.file.clone());
        let changes = diff(&self.file, &old_eff, &body.overrides, &eff, &next);
        if validate_only || changes.is_empty() {
            drop(body);
            let mut view = self.view(limits);
            if validate_only {
                view.overrides = next;
                view.entries = entries(&self.file, &eff, &view.overrides);
                view.effective = eff;
            }
            return Ok(EditResult {
                changes,
                applied: false,
                view,
            });
        }
        let mut new_body = body.clone();
        new_body.overrides = next;
        // what `limits.install` below makes it: edits are serialised by the body lock
        new_body.generation = limits.generation() + 1;
        new_body.history.push(HistoryEntry {
            time_ms: super::super::trace::now_ms(),
            who: who.to_string(),
            changes: changes.clone(),
        });
        if new_body.history.len() > HISTORY {
            let extra = new_body.history.len() - HISTORY;
            new_body.history.drain(..extra);
        }
        if let Some(path) = &self.path {
            persist(path, &new_body)?;
        }
        *body = new_body;
        limits.install(&eff);
        drop(body);
        tracing::info!(
            who,
            generation = limits.generation(),
            changes = %log_changes(&changes),
            "rate limits changed"
        );
        Ok(EditResult {
            changes,
            applied: true,
            view: self.view(limits),
        })
    }
}

fn namespaces(cfg: &Config) -> Vec<String> {
    cfg.channel
        .namespaces
        .iter()
        .map(|n| n.name.clone())
        .collect()
}

fn persist(path: &Path, body: &Body) -> Result<(), String> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
    let disk = OnDisk {
        format: FORMAT.into(),
        checksum: checksum(body),
        body: body.clone(),
    };
    let tmp = path.with_extension("json.tmp");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&serde_json::to_vec_pretty(&disk).unwrap_or_default())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What a set key points at.
enum Target<'a> {
    Op(&'a str, &'a str),
    Namespace(&'a str, &'a str, &'a str),
    Method(&'a str, &'a str),
}

fn check_limiter_op(limiter: &str, op: &str, key: &str) -> Result<(), String> {
    if !matches!(
        limiter,
        "client_command" | "user_command" | "client_error" | "redis_user_command"
    ) {
        return Err(format!(
            "{key}: unknown limiter {limiter:?}: use client_command, user_command, client_error or redis_user_command"
        ));
    }
    let allowed = allowed_ops(limiter);
    if !allowed.contains(&op) {
        return Err(format!(
            "{key}: unknown operation {op:?} for {limiter}: use one of {}",
            allowed.join(", ")
        ));
    }
    Ok(())
}

fn parse_key(key: &str) -> Result<Target<'_>, String> {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        [l, op] => {
            check_limiter_op(l, op, key)?;
            Ok(Target::Op(l, op))
        }
        [l, op, "namespace_overrides", ns] if !ns.is_empty() => {
            check_limiter_op(l, op, key)?;
            Ok(Target::Namespace(l, op, ns))
        }
        [l, "rpc", "method_overrides", m] if !m.is_empty() => {
            check_limiter_op(l, "rpc", key)?;
            Ok(Target::Method(l, m))
        }
        _ => Err(format!(
            "{key}: expected LIMITER.OP, LIMITER.OP.namespace_overrides.NS or LIMITER.rpc.method_overrides.METHOD"
        )),
    }
}

fn parse_dry_key(key: &str) -> Result<(), String> {
    match key.split_once('.') {
        None => check_limiter_op(key, "total", key).map_err(|_| {
            format!("{key}: unknown limiter: use client_command, user_command or client_error")
        }),
        Some((l, op)) => check_limiter_op(l, op, key),
    }
}

/// The file's config with `o` applied. Setting buckets enables the operation and its limiter.
pub fn apply(file: &RateLimitConfig, live: &Overrides) -> Result<RateLimitConfig, String> {
    let mut c = file.clone();
    for (key, buckets) in &live.set {
        let t = parse_key(key)?;
        let (l, op) = match t {
            Target::Op(l, op) | Target::Namespace(l, op, _) => (l, op),
            Target::Method(l, _) => (l, "rpc"),
        };
        let lim = c
            .limiter_mut(l)
            .ok_or_else(|| format!("{key}: unknown limiter"))?;
        lim.enabled = true;
        let oc = lim.ops.entry(op.to_string()).or_default();
        match t {
            Target::Op(..) => {
                oc.enabled = true;
                oc.buckets.clone_from(buckets);
            }
            Target::Namespace(_, _, ns) => {
                oc.namespace_overrides.retain(|n| n.namespace_name != ns);
                oc.namespace_overrides.push(NamespaceOverride {
                    namespace_name: ns.to_string(),
                    enabled: true,
                    buckets: buckets.clone(),
                });
            }
            Target::Method(_, m) => {
                // fold the legacy map into the list so both forms never coexist
                let legacy = std::mem::take(&mut oc.method_override);
                oc.method_overrides
                    .extend(legacy.into_iter().map(|(method, o)| MethodOverride {
                        method,
                        enabled: o.enabled,
                        buckets: o.buckets,
                    }));
                oc.method_overrides.retain(|x| x.method != m);
                oc.method_overrides.push(MethodOverride {
                    method: m.to_string(),
                    enabled: true,
                    buckets: buckets.clone(),
                });
            }
        }
    }
    for (key, on) in &live.dry_run {
        parse_dry_key(key)?;
        match key.split_once('.') {
            None => {
                if let Some(l) = c.limiter_mut(key) {
                    l.dry_run = *on;
                }
            }
            Some((l, op)) => {
                if let Some(l) = c.limiter_mut(l) {
                    l.ops.entry(op.to_string()).or_default().dry_run = *on;
                }
            }
        }
    }
    Ok(c)
}

/// Every rule of the effective config, as table rows.
fn entries(file: &RateLimitConfig, eff: &RateLimitConfig, o: &Overrides) -> Vec<Entry> {
    let mut out = Vec::new();
    for (name, l) in eff.limiters() {
        if l.is_empty() {
            continue;
        }
        let limiter_dry = l.dry_run;
        out.push(Entry {
            key: name.to_string(),
            buckets: String::new(),
            enabled: l.enabled,
            // live only when a live edit switched it (dry-run, or enabled it)
            source: if o.dry_run.contains_key(name)
                || (l.enabled && !limiter(file, name).is_some_and(|f| f.enabled))
            {
                "live".into()
            } else {
                "file".into()
            },
            dry_run: limiter_dry,
        });
        for (op, oc) in &l.ops {
            let key = format!("{name}.{op}");
            out.push(Entry {
                buckets: format_buckets(&oc.buckets),
                enabled: l.enabled && oc.enabled,
                source: source(o, &key),
                dry_run: limiter_dry || oc.dry_run,
                key: key.clone(),
            });
            for n in &oc.namespace_overrides {
                let k = format!("{key}.namespace_overrides.{}", n.namespace_name);
                out.push(Entry {
                    buckets: format_buckets(&n.buckets),
                    enabled: l.enabled && n.enabled,
                    source: source(o, &k),
                    dry_run: limiter_dry || oc.dry_run,
                    key: k,
                });
            }
            for m in &oc.method_overrides {
                let k = format!("{key}.method_overrides.{}", m.method);
                out.push(Entry {
                    buckets: format_buckets(&m.buckets),
                    enabled: l.enabled && m.enabled,
                    source: source(o, &k),
                    dry_run: limiter_dry || oc.dry_run,
                    key: k,
                });
            }
            for (m, x) in &oc.method_override {
                let k = format!("{key}.method_overrides.{m}");
                out.push(Entry {
                    buckets: format_buckets(&x.buckets),
                    enabled: l.enabled && x.enabled,
                    source: source(o, &k),
                    dry_run: limiter_dry || oc.dry_run,
                    key: k,
                });
            }
        }
    }
    out
}

fn source(o: &Overrides, key: &str) -> String {
    let live = o.set.contains_key(key) || o.dry_run.contains_key(key);
    if live { "live" } else { "file" }.into()
}

/// Human descriptions of what a key is, for the change log.
fn describe(
    file: &RateLimitConfig,
    eff: &RateLimitConfig,
    o: &Overrides,
) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for e in entries(file, eff, o) {
        let mut v = if e.buckets.is_empty() {
            if e.enabled { "on" } else { "off" }.to_string()
        } else if e.enabled {
            e.buckets.clone()
        } else {
            format!("{} (disabled)", e.buckets)
        };
        if e.dry_run {
            v.push_str(" dry-run");
        }
        m.insert(e.key, format!("({}) {v}", e.source));
    }
    m
}

fn diff(
    file: &RateLimitConfig,
    old_eff: &RateLimitConfig,
    old_o: &Overrides,
    new_eff: &RateLimitConfig,
    new_o: &Overrides,
) -> Vec<Change> {
    let a = describe(file, old_eff, old_o);
    let b = describe(file, new_eff, new_o);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let old = a.get(k).cloned().unwrap_or_else(|| "(none)".into());
            let new = b.get(k).cloned().unwrap_or_else(|| "(none)".into());
            (old != new).then(|| Change {
                key: k.clone(),
                old,
                new,
            })
        })
        .collect()
}

/// The limiter section of a config.
fn limiter<'a>(c: &'a RateLimitConfig, name: &str) -> Option<&'a LimiterConfig> {
    c.limiters()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, l)| l)
}

/// An operation's config, for tests.
#[cfg(test)]
fn op<'a>(
    c: &'a RateLimitConfig,
    name: &str,
    op: &str,
) -> Option<&'a crate::proto::ratelimit::OpConfig> {
    limiter(c, name)?.ops.get(op)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::proto::ratelimit::parse_buckets;

    fn config(json: &serde_json::Value) -> Config {
        crate::server::config::load(&json.to_string(), &std::collections::HashMap::new())
            .unwrap()
            .config
    }

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("centri-rl-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn set_remove_and_dry_run_layer_over_the_file() {
        let cfg = config(&serde_json::json!({
            "channel": {"namespaces": [{"name": "chat"}]},
            "client": {"rate_limit": {"client_command": {"enabled": true,
                "publish": {"enabled": true, "buckets": [{"interval": "1s", "rate": 5}]}}}}}));
        let store = Store::memory(&cfg);
        let limits = RateLimits::new(&store.effective());
        let g0 = limits.generation();
        let r = store
            .patch(
                &Patch {
                    set: [
                        (
                            "client_command.publish".to_string(),
                            parse_buckets("10/1s").unwrap(),
                        ),
                        (
                            "client_command.publish.namespace_overrides.chat".to_string(),
                            parse_buckets("20/1s").unwrap(),
                        ),
                        (
                            "user_command.default".to_string(),
                            parse_buckets("60/1s,1000/1m").unwrap(),
                        ),
                    ]
                    .into(),
                    ..Patch::default()
                },
                "alice",
                &limits,
            )
            .unwrap();
        assert!(r.applied);
        assert!(limits.generation() > g0);
        let by_key: BTreeMap<_, _> = r.changes.iter().map(|c| (c.key.as_str(), c)).collect();
        assert_eq!(by_key["client_command.publish"].old, "(file) 5/1s");
        assert_eq!(by_key["client_command.publish"].new, "(live) 10/1s");
        assert_eq!(by_key["user_command.default"].old, "(none)");
        let eff = store.effective();
        assert!(
            eff.user_command.enabled,
            "setting a bucket enables its limiter"
        );
        assert_eq!(
            op(&eff, "client_command", "publish")
                .unwrap()
                .namespace_overrides[0]
                .buckets[0]
                .rate,
            20
        );
        // dry-run on one operation
        store
            .patch(
                &Patch {
                    dry_run: [("client_command.publish".to_string(), true)].into(),
                    ..Patch::default()
                },
                "bob",
                &limits,
            )
            .unwrap();
        assert!(
            op(&store.effective(), "client_command", "publish")
                .unwrap()
                .dry_run
        );
        // remove falls back to the file
        store
            .patch(
                &Patch {
                    remove: vec![
                        "client_command.publish".into(),
                        "client_command.publish".into(),
                    ],
                    ..Patch::default()
                },
                "carol",
                &limits,
            )
            .unwrap_err();
        store
            .patch(
                &Patch {
                    remove: vec!["client_command.publish".into()],
                    ..Patch::default()
                },
                "carol",
                &limits,
            )
            .unwrap();
        assert_eq!(
            op(&store.effective(), "client_command", "publish")
                .unwrap()
                .buckets[0]
                .rate,
            5
        );
        let h = store.history().history;
        assert_eq!(
            h.iter().map(|e| e.who.as_str()).collect::<Vec<_>>(),
            ["alice", "bob", "carol"]
        );
        let v = store.view(&limits);
        let publish = v
            .entries
            .iter()
            .find(|e| e.key == "client_command.publish")
            .unwrap();
        // rm drops every live override of the key, its dry-run switch included
        assert_eq!(
            (
                publish.source.as_str(),
                publish.buckets.as_str(),
                publish.dry_run
            ),
            ("file", "5/1s", false)
        );
    }

    #[test]
    fn invalid_edits_change_nothing() {
        let cfg = config(&serde_json::json!({}));
        let store = Store::memory(&cfg);
        let limits = RateLimits::new(&store.effective());
        let g = limits.generation();
        for (key, spec) in [
            ("client_command.publsh", "1/1s"),
            ("client_command.connect", "1/1s"),
            ("nope.publish", "1/1s"),
            ("client_command.publish.namespace_overrides.nope", "1/1s"),
            ("client_command", "1/1s"),
        ] {
            let e = store
                .patch(
                    &Patch {
                        set: [(key.to_string(), parse_buckets(spec).unwrap())].into(),
                        ..Patch::default()
                    },
                    "x",
                    &limits,
                )
                .unwrap_err();
            assert!(e.contains(key.split('.').next().unwrap()), "{key}: {e}");
        }
        assert_eq!(limits.generation(), g);
        assert!(store.history().history.is_empty());
    }

    #[test]
    fn changes_log_readably() {
        let c = vec![Change {
            key: "client_command.publish".into(),
            old: "5/1s".into(),
            new: "10/1s".into(),
        }];
        assert_eq!(log_changes(&c), "client_command.publish: 5/1s → 10/1s");
    }

    #[test]
    fn files_without_a_generation_still_load() {
        let dir = tmpdir("nogeneration");
        std::fs::create_dir_all(&dir).unwrap();
        let body = Body::default();
        let old = serde_json::json!({"format": FORMAT, "checksum": checksum(&body),
            "overrides": body.overrides, "history": []});
        std::fs::write(dir.join(FILE), old.to_string()).unwrap();
        let store = Store::open(&dir, &config(&serde_json::json!({}))).unwrap();
        assert_eq!(store.generation(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn edits_persist_and_a_corrupt_file_is_refused_by_name() {
        let dir = tmpdir("persist");
        let cfg = config(&serde_json::json!({}));
        let store = Store::open(&dir, &cfg).unwrap();
        let limits = RateLimits::new(&store.effective());
        store
            .patch(
                &Patch {
                    set: [(
                        "client_command.publish".to_string(),
                        parse_buckets("7/1s").unwrap(),
                    )]
                    .into(),
                    ..Patch::default()
                },
                "alice",
                &limits,
            )
            .unwrap();
        let again = Store::open(&dir, &cfg).unwrap();
        assert_eq!(
            op(&again.effective(), "client_command", "publish")
                .unwrap()
                .buckets[0]
                .rate,
            7
        );
        assert_eq!(again.history().history.len(), 1);
        // the generation carries on across a restart (issue 15)
        assert_eq!(again.generation(), limits.generation());
        let resumed = RateLimits::new(&again.effective());
        resumed.resume(again.generation());
        assert_eq!(resumed.generation(), limits.generation());
        let before = resumed.generation();
        again
            .patch(
                &Patch {
                    set: [(
                        "client_command.publish".to_string(),
                        parse_buckets("8/1s").unwrap(),
                    )]
                    .into(),
                    ..Patch::default()
                },
                "bob",
                &resumed,
            )
            .unwrap();
        assert_eq!(resumed.generation(), before + 1);
        assert_eq!(Store::open(&dir, &cfg).unwrap().generation(), before + 1);
        let path = dir.join(FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        // truncated
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        let e = Store::open(&dir, &cfg).unwrap_err();
        assert!(
            e.contains(&path.display().to_string()) && e.contains("corrupt"),
            "{e}"
        );
        // edited by hand: parses, but the checksum does not match
        std::fs::write(&path, text.replace("\"rate\": 8", "\"rate\": 80")).unwrap();
        let e = Store::open(&dir, &cfg).unwrap_err();
        assert!(e.contains("checksum"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
