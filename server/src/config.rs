//! Settings from flags and environment variables, checked before anything is created.
//! Every error names the setting at fault, in one line.

use app::server::mail::transport::MailTransport;
use app::server::mail::Mailbox;
use clap::{Args, ValueEnum};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Settings shared by every subcommand; each also reads an environment variable.
#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// Folder for the SQLite file, the search index and the mail outbox.
    #[arg(
        long,
        env = "LAB2FIELD_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: `lab2field.db` in the data folder.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Address and port to listen on.
    #[arg(
        long,
        env = "LAB2FIELD_BIND",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub bind: String,
    /// Public address of the site, used in e-mail links; default: http://<bind>.
    #[arg(long, env = "LAB2FIELD_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// SMTP relay (`smtp://host:25`, `smtps://user:pass@host`); absent: `.eml` files in the outbox folder.
    #[arg(
        long,
        env = "LAB2FIELD_SMTP_URL",
        global = true,
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,
    /// Sender of outgoing e-mail.
    #[arg(
        long,
        env = "LAB2FIELD_MAIL_FROM",
        default_value = "Lab2Field <no-reply@lab2field.local>",
        global = true
    )]
    pub mail_from: String,
    /// Log output: human-readable text or one JSON object per line.
    #[arg(long, env = "LAB2FIELD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Folder with the built browser bundle and static files.
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,
    /// Days the search change feed keeps its entries; an instance away for longer rebuilds its
    /// index when it starts (1–365).
    #[arg(
        long,
        env = "LAB2FIELD_SEARCH_FEED_RETENTION_DAYS",
        default_value_t = 7,
        value_parser = clap::value_parser!(u32).range(1..=365),
        global = true
    )]
    pub search_feed_retention_days: u32,
    /// Addresses of the site's own reverse proxies (comma-separated): requests from them are
    /// counted against the client named in `X-Forwarded-For`; from anyone else, that header is
    /// ignored.
    #[arg(
        long,
        env = "LAB2FIELD_TRUSTED_PROXIES",
        default_value = "",
        global = true
    )]
    pub trusted_proxies: String,
}

/// A setting that cannot be used; printed as one line naming it.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {message}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub message: String,
}

impl ConfigError {
    pub fn new(setting: &'static str, message: impl Into<String>) -> Self {
        Self {
            setting,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

/// Checked settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database_kind: DatabaseKind,
    pub bind: SocketAddr,
    pub base_url: Url,
    /// No base URL was configured: it follows the address actually bound.
    pub base_url_from_bind: bool,
    pub smtp_url: Option<String>,
    pub mail_from: Mailbox,
    pub log_format: LogFormat,
    pub site_root: PathBuf,
    /// How long search change-feed entries are kept.
    pub search_feed_retention: std::time::Duration,
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Settings {
    /// Checks every setting without touching the disk or the network.
    pub fn resolve(args: &SettingsArgs) -> Result<Self, ConfigError> {
        let bind: SocketAddr = args.bind.trim().parse().map_err(|_| {
            ConfigError::new(
                "LAB2FIELD_BIND",
                format!(
                    "{:?} is not an address and port like 127.0.0.1:3000",
                    args.bind
                ),
            )
        })?;
        let base_url = match &args.base_url {
            Some(raw) => {
                let url = Url::parse(raw.trim()).map_err(|e| {
                    ConfigError::new(
                        "LAB2FIELD_BASE_URL",
                        format!("{raw:?} is not a valid URL ({e})"),
                    )
                })?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(ConfigError::new(
                        "LAB2FIELD_BASE_URL",
                        format!("{raw:?} must be an http:// or https:// address"),
                    ));
                }
                url
            }
            None => Url::parse(&format!("http://{bind}")).map_err(|e| {
                ConfigError::new(
                    "LAB2FIELD_BIND",
                    format!("cannot form a base URL from it ({e})"),
                )
            })?,
        };
        if args.data_dir.as_os_str().is_empty() {
            return Err(ConfigError::new("LAB2FIELD_DATA_DIR", "must not be empty"));
        }
        let database_url = match &args.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                args.data_dir.join("lab2field.db").display()
            ),
        };
        let database_kind = if database_url.starts_with("sqlite:") {
            DatabaseKind::Sqlite
        } else if database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://")
        {
            Url::parse(&database_url).map_err(|e| {
                ConfigError::new(
                    "DATABASE_URL",
                    format!("is not a valid postgres:// URL ({e})"),
                )
            })?;
            DatabaseKind::Postgres
        } else {
            return Err(ConfigError::new(
                "DATABASE_URL",
                "must start with sqlite:// or postgres://",
            ));
        };
        let smtp_url = args.smtp_url.clone().filter(|s| !s.trim().is_empty());
        if let Some(smtp) = &smtp_url {
            MailTransport::smtp(smtp).map_err(|e| {
                ConfigError::new(
                    "LAB2FIELD_SMTP_URL",
                    format!("is not a usable SMTP URL ({e})"),
                )
            })?;
        }
        let mail_from = args.mail_from.parse().map_err(|e| {
            ConfigError::new(
                "LAB2FIELD_MAIL_FROM",
                format!(
                    "{:?} is not a mailbox like \"Lab2Field <no-reply@example.org>\" ({e})",
                    args.mail_from
                ),
            )
        })?;
        let trusted_proxies = app::server::client_address::parse_trusted(&args.trusted_proxies)
            .map_err(|e| ConfigError::new("LAB2FIELD_TRUSTED_PROXIES", e))?;
        Ok(Self {
            trusted_proxies,
            data_dir: args.data_dir.clone(),
            database_url,
            database_kind,
            bind,
            base_url_from_bind: args.base_url.is_none(),
            base_url,
            smtp_url,
            mail_from,
            log_format: args.log_format,
            site_root: args.site_root.clone(),
            search_feed_retention: std::time::Duration::from_secs(
                u64::from(args.search_feed_retention_days) * 24 * 3600,
            ),
        })
    }

    /// Creates the data folder if needed and proves it is writable.
    pub fn prepare_data_dir(&self) -> Result<(), ConfigError> {
        let dir = &self.data_dir;
        let fail = |what: &str, e: std::io::Error| {
            ConfigError::new(
                "LAB2FIELD_DATA_DIR",
                format!("{what} {}: {e}", dir.display()),
            )
        };
        if dir.exists() && !dir.is_dir() {
            return Err(ConfigError::new(
                "LAB2FIELD_DATA_DIR",
                format!("{} exists but is not a folder", dir.display()),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| fail("cannot create", e))?;
        probe_writable(dir).map_err(|e| fail("cannot write into", e))
    }

    /// The folder where the default mail transport writes `.eml` files.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// The database URL with any password replaced, for messages and logs.
    pub fn redacted_database_url(&self) -> String {
        match Url::parse(&self.database_url) {
            Ok(mut url) if url.password().is_some() => {
                let _ = url.set_password(Some("***"));
                url.to_string()
            }
            _ => self.database_url.clone(),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }
}

fn probe_writable(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".write-probe-{}", std::process::id()));
    std::fs::write(&probe, b"ok")?;
    std::fs::remove_file(&probe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        s: SettingsArgs,
    }

    fn args(extra: &[&str]) -> SettingsArgs {
        let mut argv = vec!["t"];
        argv.extend_from_slice(extra);
        T::parse_from(argv).s
    }

    #[test]
    fn a_malformed_base_url_names_the_setting() {
        let err = Settings::resolve(&args(&["--base-url", "not a url"])).unwrap_err();
        assert_eq!(err.setting, "LAB2FIELD_BASE_URL");
    }

    #[test]
    fn an_unknown_database_scheme_names_the_setting() {
        let err = Settings::resolve(&args(&["--database-url", "mysql://x"])).unwrap_err();
        assert_eq!(err.setting, "DATABASE_URL");
    }

    #[test]
    fn a_bad_bind_address_names_the_setting() {
        let err = Settings::resolve(&args(&["--bind", "localhost"])).unwrap_err();
        assert_eq!(err.setting, "LAB2FIELD_BIND");
    }

    #[test]
    fn defaults_put_sqlite_in_the_data_folder_and_derive_the_base_url() {
        let s = Settings::resolve(&args(&["--data-dir", "/tmp/x"])).unwrap();
        assert_eq!(s.database_kind, DatabaseKind::Sqlite);
        assert!(s.database_url.contains("/tmp/x/lab2field.db"));
        assert_eq!(s.base_url.as_str(), "http://127.0.0.1:3000/");
        assert!(!s.secure_cookies());
    }

    #[test]
    fn https_base_url_makes_cookies_secure() {
        let s = Settings::resolve(&args(&["--base-url", "https://lab2field.example"])).unwrap();
        assert!(s.secure_cookies());
    }
}
