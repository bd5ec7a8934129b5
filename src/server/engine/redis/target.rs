//! Where the Redis engine connects: Centrifugo's address forms of `engine.redis`, turned into
//! targets. Each target is one shard of the engine:
//! - a single server: `host:port`, `redis://…` or `rediss://…` in `address`;
//! - a Redis Cluster: `redis+cluster://host:port?addr=host2:port2&addr=host3:port3` in
//!   `address`, or an item of `cluster_address` (its seeds separated by commas);
//! - a Sentinel-managed primary: `redis+sentinel://host:port?sentinel_master_name=NAME`
//!   (more sentinels as `addr=`), or `sentinel_address` with `sentinel_master_name`.
//!
//! Passwords come from `user`/`password` (`sentinel_user`/`sentinel_password` for the
//! sentinels) unless the address carries its own. [`Target::describe`] never shows them.

use crate::server::config::RedisConfig;

/// One shard of the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One server, as a connection URL.
    Single(String),
    /// A Redis Cluster, by its seed URLs (any reachable one is enough to learn the rest).
    Cluster(Vec<String>),
    /// The primary that the sentinels name `master`.
    Sentinel {
        /// Connection URLs of the sentinels.
        sentinels: Vec<String>,
        master: String,
    },
}

impl Target {
    /// The target for logs and errors: addresses only, never a password.
    pub fn describe(&self) -> String {
        fn hosts(urls: &[String]) -> String {
            urls.iter()
                .map(|u| host_of(u))
                .collect::<Vec<_>>()
                .join(",")
        }
        match self {
            Target::Single(u) => host_of(u),
            Target::Cluster(seeds) => format!("cluster {}", hosts(seeds)),
            Target::Sentinel { sentinels, master } => {
                format!("sentinel {} master {master:?}", hosts(sentinels))
            }
        }
    }
}

/// `host:port` of a connection URL.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_string()
}

/// Percent-encodes a user name or password for a URL.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `user:password@` (encoded), or empty.
fn userinfo(user: &str, password: &str) -> String {
    match (user.is_empty(), password.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(":{}@", enc(password)),
        (false, true) => format!("{}@", enc(user)),
        (false, false) => format!("{}:{}@", enc(user), enc(password)),
    }
}

/// `redis://` or, with TLS on, `rediss://` (with redis-rs's `#insecure` marker when the
/// certificate is not checked).
fn scheme(tls: bool) -> &'static str {
    if tls {
        "rediss://"
    } else {
        "redis://"
    }
}

fn fragment(tls: bool, insecure: bool) -> &'static str {
    if tls && insecure {
        "#insecure"
    } else {
        ""
    }
}

/// The connection URL of a data node (`host:port` or a full URL) with the engine's
/// credentials, database and TLS settings.
pub fn node_url(addr: &str, c: &RedisConfig, db: bool) -> String {
    let tls = c.tls.enabled;
    if addr.contains("://") {
        let u = match addr.strip_prefix("redis://") {
            Some(rest) if tls => format!("rediss://{rest}"),
            _ => addr.to_string(),
        };
        if tls && c.tls.insecure_skip_verify && !u.contains('#') {
            return format!("{u}#insecure");
        }
        return u;
    }
    let auth = userinfo(&c.user, &c.password);
    let db = if db {
        format!("/{}", c.db)
    } else {
        String::new()
    };
    format!(
        "{}{auth}{addr}{db}{}",
        scheme(tls),
        fragment(tls, c.tls.insecure_skip_verify)
    )
}

/// The connection URL of a sentinel.
fn sentinel_url(addr: &str, c: &RedisConfig, auth: Option<&str>) -> String {
    let tls = c.sentinel_tls.enabled;
    let auth = auth.map_or_else(
        || userinfo(&c.sentinel_user, &c.sentinel_password),
        str::to_string,
    );
    format!(
        "{}{auth}{addr}{}",
        scheme(tls),
        fragment(tls, c.sentinel_tls.insecure_skip_verify)
    )
}

/// The parts of a `redis+cluster://` or `redis+sentinel://` address.
struct Form {
    /// `user:password@` as written (already encoded), or empty.
    auth: String,
    hosts: Vec<String>,
    master: String,
    sentinel_auth: Option<String>,
}

fn parse_form(key: &str, addr: &str, rest: &str, sentinel: bool) -> Result<Form, String> {
    let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = authority.trim_end_matches('/');
    let (auth, host) = match authority.rsplit_once('@') {
        Some((a, h)) => (format!("{a}@"), h),
        None => (String::new(), authority),
    };
    let mut form = Form {
        auth,
        hosts: Vec::new(),
        master: String::new(),
        sentinel_auth: None,
    };
    if !host.is_empty() {
        form.hosts.push(host.to_string());
    }
    let (mut s_user, mut s_pass) = (String::new(), String::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "addr" if !v.is_empty() => form.hosts.push(v.to_string()),
            "sentinel_master_name" if sentinel => form.master = v.to_string(),
            "sentinel_user" if sentinel => s_user = v.to_string(),
            "sentinel_password" if sentinel => s_pass = v.to_string(),
            _ => {
                return Err(format!(
                    "{key}: {addr:?} has an unknown or empty parameter {k:?} (known: addr{})",
                    if sentinel {
                        ", sentinel_master_name, sentinel_user, sentinel_password"
                    } else {
                        ""
                    }
                ))
            }
        }
    }
    if !s_user.is_empty() || !s_pass.is_empty() {
        // already URL-encoded in the query: keep as written
        form.sentinel_auth = Some(match (s_user.is_empty(), s_pass.is_empty()) {
            (true, _) => format!(":{s_pass}@"),
            (false, true) => format!("{s_user}@"),
            (false, false) => format!("{s_user}:{s_pass}@"),
        });
    }
    if form.hosts.is_empty() {
        return Err(format!("{key}: {addr:?} names no host"));
    }
    for h in &form.hosts {
        if !h.contains(':') {
            return Err(format!("{key}: {h:?} in {addr:?} is not host:port"));
        }
    }
    Ok(form)
}

fn cluster_from(hosts: &[String], auth: &str, c: &RedisConfig) -> Target {
    Target::Cluster(
        hosts
            .iter()
            .map(|h| {
                let auth = if auth.is_empty() {
                    userinfo(&c.user, &c.password)
                } else {
                    auth.to_string()
                };
                format!(
                    "{}{auth}{h}{}",
                    scheme(c.tls.enabled),
                    fragment(c.tls.enabled, c.tls.insecure_skip_verify)
                )
            })
            .collect(),
    )
}

/// The engine's shards, from `engine.redis`. The error names the key at fault.
pub fn targets(c: &RedisConfig) -> Result<Vec<Target>, String> {
    let (address, cluster, sentinel) = (
        c.address.list(),
        c.cluster_address.list(),
        c.sentinel_address.list(),
    );
    let set = [
        !address.is_empty(),
        !cluster.is_empty(),
        !sentinel.is_empty(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if set > 1 {
        return Err(
            "engine.redis: set one of address, cluster_address and sentinel_address".to_string(),
        );
    }
    if !cluster.is_empty() {
        return cluster
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let hosts: Vec<String> = item
                    .split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(str::to_string)
                    .collect();
                if hosts.is_empty() || hosts.iter().any(|h| !h.contains(':')) {
                    return Err(format!(
                        "engine.redis.cluster_address[{i}]: {item:?} is not a list of host:port"
                    ));
                }
                Ok(cluster_from(&hosts, "", c))
            })
            .collect();
    }
    if !sentinel.is_empty() {
        if c.sentinel_master_name.is_empty() {
            return Err(
                "engine.redis.sentinel_master_name: required with sentinel_address".to_string(),
            );
        }
        let hosts: Vec<String> = sentinel
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(bad) = hosts.iter().find(|h| !h.contains(':')) {
            return Err(format!(
                "engine.redis.sentinel_address: {bad:?} is not host:port"
            ));
        }
        return Ok(vec![Target::Sentinel {
            sentinels: hosts.iter().map(|h| sentinel_url(h, c, None)).collect(),
            master: c.sentinel_master_name.clone(),
        }]);
    }
    if address.is_empty() {
        return Err("engine.redis.address: no address".to_string());
    }
    address
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let key = if matches!(c.address, crate::server::config::Addresses::Many(_)) {
                format!("engine.redis.address[{i}]")
            } else {
                "engine.redis.address".to_string()
            };
            if let Some(rest) = a.strip_prefix("redis+cluster://") {
                let f = parse_form(&key, a, rest, false)?;
                return Ok(cluster_from(&f.hosts, &f.auth, c));
            }
            if let Some(rest) = a.strip_prefix("redis+sentinel://") {
                let f = parse_form(&key, a, rest, true)?;
                let master = if f.master.is_empty() {
                    c.sentinel_master_name.clone()
                } else {
                    f.master
                };
                if master.is_empty() {
                    return Err(format!(
                        "{key}: {a:?} needs ?sentinel_master_name=NAME (or engine.redis.sentinel_master_name)"
                    ));
                }
                // the userinfo of a sentinel form is the primary's: see sentinel_node_auth
                return Ok(Target::Sentinel {
                    sentinels: f
                        .hosts
                        .iter()
                        .map(|h| sentinel_url(h, c, f.sentinel_auth.as_deref()))
                        .collect(),
                    master,
                });
            }
            if a.contains("://")
                && !a.starts_with("redis://")
                && !a.starts_with("rediss://")
                && !a.starts_with("unix://")
            {
                return Err(format!(
                    "{key}: {a:?} has an unknown scheme (known: redis, rediss, redis+cluster, redis+sentinel)"
                ));
            }
            Ok(Target::Single(node_url(a, c, true)))
        })
        .collect()
}

/// The user and password a sentinel-managed primary takes: `user`/`password`, or the
/// userinfo of a `redis+sentinel://` address.
pub fn sentinel_node_auth(c: &RedisConfig) -> (Option<String>, Option<String>) {
    let mut user = (!c.user.is_empty()).then(|| c.user.clone());
    let mut password = (!c.password.is_empty()).then(|| c.password.clone());
    for a in c.address.list() {
        let Some(rest) = a.strip_prefix("redis+sentinel://") else {
            continue;
        };
        let authority = rest.split(['?', '/']).next().unwrap_or("");
        if let Some((info, _)) = authority.rsplit_once('@') {
            let (u, p) = info.split_once(':').unwrap_or((info, ""));
            let dec = |s: &str| decode(s);
            if !u.is_empty() {
                user = Some(dec(u));
            }
            if !p.is_empty() {
                password = Some(dec(p));
            }
        }
    }
    (user, password)
}

/// Percent-decoding of a URL's userinfo.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::server::config::Addresses;

    fn cfg(address: Addresses) -> RedisConfig {
        RedisConfig {
            address,
            ..RedisConfig::default()
        }
    }

    #[test]
    fn plain_addresses_are_single_servers_with_db_and_credentials() {
        let mut c = cfg(Addresses::Many(vec!["127.0.0.1:6379".into(), "h:1".into()]));
        c.password = "p@ss".into();
        c.db = 2;
        assert_eq!(
            targets(&c).unwrap(),
            vec![
                Target::Single("redis://:p%40ss@127.0.0.1:6379/2".into()),
                Target::Single("redis://:p%40ss@h:1/2".into())
            ]
        );
    }

    #[test]
    fn the_cluster_form_lists_every_seed() {
        let c = cfg(Addresses::One(
            "redis+cluster://u:pw@h1:7000?addr=h2:7001&addr=h3:7002".into(),
        ));
        let t = targets(&c).unwrap();
        assert_eq!(
            t,
            vec![Target::Cluster(vec![
                "redis://u:pw@h1:7000".into(),
                "redis://u:pw@h2:7001".into(),
                "redis://u:pw@h3:7002".into()
            ])]
        );
        assert_eq!(t[0].describe(), "cluster h1:7000,h2:7001,h3:7002");
    }

    #[test]
    fn the_sentinel_form_needs_a_master_name() {
        let c = cfg(Addresses::One(
            "redis+sentinel://h1:26379?addr=h2:26380&sentinel_master_name=mymaster".into(),
        ));
        assert_eq!(
            targets(&c).unwrap(),
            vec![Target::Sentinel {
                sentinels: vec!["redis://h1:26379".into(), "redis://h2:26380".into()],
                master: "mymaster".into()
            }]
        );
        let e = targets(&cfg(Addresses::One("redis+sentinel://h1:26379".into()))).unwrap_err();
        assert!(e.contains("sentinel_master_name"), "{e}");
        let e = targets(&cfg(Addresses::One("redis+cluster://h1:1?adr=h2:2".into()))).unwrap_err();
        assert!(
            e.contains("engine.redis.address") && e.contains("\"adr\""),
            "{e}"
        );
    }

    #[test]
    fn keyed_forms_and_their_errors_name_the_key() {
        let mut c = cfg(Addresses::None);
        c.cluster_address = Addresses::One("h1:7000,h2:7001".into());
        assert_eq!(
            targets(&c).unwrap(),
            vec![Target::Cluster(vec![
                "redis://h1:7000".into(),
                "redis://h2:7001".into()
            ])]
        );
        c.cluster_address = Addresses::One("h1".into());
        assert!(targets(&c)
            .unwrap_err()
            .starts_with("engine.redis.cluster_address[0]"));
        let mut c = cfg(Addresses::None);
        c.sentinel_address = Addresses::Many(vec!["s1:26379".into(), "s2:26379".into()]);
        c.sentinel_password = "sp".into();
        assert!(targets(&c)
            .unwrap_err()
            .starts_with("engine.redis.sentinel_master_name"));
        c.sentinel_master_name = "m".into();
        assert_eq!(
            targets(&c).unwrap(),
            vec![Target::Sentinel {
                sentinels: vec!["redis://:sp@s1:26379".into(), "redis://:sp@s2:26379".into()],
                master: "m".into()
            }]
        );
        c.address = Addresses::One("h:1".into());
        assert!(targets(&c).unwrap_err().contains("set one of"));
        let e = targets(&cfg(Addresses::One("http://h:1".into()))).unwrap_err();
        assert!(e.contains("unknown scheme"), "{e}");
    }

    #[test]
    fn describe_never_shows_a_password() {
        let mut c = cfg(Addresses::One("h:1".into()));
        c.password = "secret".into();
        for t in targets(&c).unwrap() {
            assert!(!t.describe().contains("secret"));
        }
        let c = cfg(Addresses::One(
            "redis+sentinel://u:secret@h:1?sentinel_master_name=m&sentinel_password=secret".into(),
        ));
        for t in targets(&c).unwrap() {
            assert!(!t.describe().contains("secret"), "{}", t.describe());
        }
        let (u, p) = sentinel_node_auth(&c);
        assert_eq!((u.as_deref(), p.as_deref()), (Some("u"), Some("secret")));
    }
}
