//! The command line: `serve`, `migrate`, `import`, `match`, `reindex`, `backup`, `restore` and
//! `user create`.

use crate::catalogue_import::{self, ImportError};
use crate::config::{ConfigError, Settings, SettingsArgs};
use crate::startup::{self, StartError, StartOptions};
use app::domain::account::Role;
use app::domain::opportunity::ImportFormat;
use app::error::AppError;
use app::server::accounts::{self, NewAccount};
use clap::{Parser, Subcommand, ValueEnum};
use migrations::{Migrator, MigratorTrait};
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Parser)]
#[command(
    name = "lab2field",
    version,
    about = "Lab2Field: defence-innovation matchmaking and incubation"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the web application.
    Serve {
        /// Load demo accounts when the database has none.
        #[arg(long, env = "LAB2FIELD_DEMO_DATA")]
        demo_data: bool,
    },
    /// Apply (default), revert or list database migrations.
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Import data files.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Rank the catalogue for a technology described in words.
    Match {
        /// The technology, in a founder's words.
        #[arg(long)]
        text: String,
        #[arg(long)]
        trl: Option<u8>,
        /// ISO 3166-1 alpha-2 code of the company's country.
        #[arg(long)]
        country: Option<String>,
        #[arg(long, value_parser = ["edf_call", "diana_challenge", "investor"])]
        kind: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Count closed calls as results (marked not eligible).
        #[arg(long)]
        include_closed: bool,
        /// Critical areas (`space`, `sensing`, …), repeated or comma-separated; without it the
        /// areas the text mentions.
        #[arg(long, value_delimiter = ',')]
        area: Vec<String>,
        /// Funding sought in euros, for investors' ticket sizes.
        #[arg(long)]
        funding_sought_eur: Option<u64>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the database into a fresh folder and switch to it.
    Reindex,
    /// Write a consistent copy of the SQLite database to FILE, also while the server runs.
    Backup { file: std::path::PathBuf },
    /// Replace the SQLite database with the copy in FILE (server stopped) and rebuild the
    /// search index from it.
    Restore { file: std::path::PathBuf },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// The opportunity catalogue (format: server/catalogue/README.md). Validates the whole file
    /// first; if any entry is invalid, lists every problem and imports nothing.
    Opportunities { file: std::path::PathBuf },
    /// EDF topics from an EU Funding & Tenders Portal search result saved as JSON (its search
    /// API's format). Entries already in the catalogue keep their curated tags, TRL window and
    /// category; title, description, status, dates and budget come from the portal. Checks every
    /// topic first; if any is invalid, lists every problem and imports nothing.
    FtPortal { file: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the latest migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StaffRole {
    Officer,
    Admin,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create a programme officer or admin; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: StaffRole,
        /// Display name; defaults to the part of the e-mail address before the @.
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Failed(String),
    #[error("{0}")]
    Rejected(String),
}

impl From<crate::backup::BackupError> for CliError {
    fn from(err: crate::backup::BackupError) -> Self {
        match err {
            crate::backup::BackupError::Refused(m) => CliError::Input(m),
            crate::backup::BackupError::Failed(m) => CliError::Failed(m),
        }
    }
}

impl From<AppError> for CliError {
    fn from(err: AppError) -> Self {
        match err.field_errors() {
            Some(fields) => CliError::Input(fields.to_string()),
            None => CliError::Failed(err.to_string()),
        }
    }
}

impl CliError {
    /// 2 for bad settings or input, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Config(_) | CliError::Start(StartError::Config(_)) | CliError::Input(_) => 2,
            _ => 1,
        }
    }
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let settings = Settings::resolve(&cli.settings)?;
    match cli.command {
        Command::Serve { demo_data } => {
            let server = startup::start(settings, StartOptions { demo_data }).await?;
            server
                .serve_until_signal()
                .await
                .map_err(|e| CliError::Failed(format!("server stopped: {e}")))
        }
        Command::Import { what } => {
            let (format, file) = match what {
                ImportWhat::Opportunities { file } => (ImportFormat::Catalogue, file),
                ImportWhat::FtPortal { file } => (ImportFormat::FtPortal, file),
            };
            let text = std::fs::read_to_string(&file)
                .map_err(|e| CliError::Input(format!("{}: cannot read: {e}", file.display())))?;
            let db = startup::open_database(&settings).await?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match catalogue_import::import_as(&db, format, &text, &name).await {
                Ok(s) => {
                    println!(
                        "imported {}: {} created, {} updated, {} unchanged",
                        file.display(),
                        s.created,
                        s.updated,
                        s.unchanged
                    );
                    Ok(())
                }
                Err(ImportError::Invalid(issues)) => {
                    for issue in &issues {
                        eprintln!("{issue}");
                    }
                    Err(CliError::Rejected(ImportError::Invalid(issues).to_string()))
                }
                Err(e) => Err(CliError::Failed(e.to_string())),
            }
        }
        Command::Match {
            text,
            trl,
            country,
            kind,
            limit,
            include_closed,
            area,
            funding_sought_eur,
            json,
        } => {
            let db = startup::open_database(&settings).await?;
            let index = app::server::search::SearchIndex::open_or_rebuild(&db, &settings.data_dir)
                .await
                .map_err(|e| CliError::Failed(e.to_string()))?;
            // Apply pending changes first, unless a running server owns the index writer.
            if let Ok(indexer) =
                app::server::search::indexer::Indexer::new(index.clone(), db.clone())
            {
                while indexer
                    .drain_once()
                    .await
                    .map_err(|e| CliError::Failed(e.to_string()))?
                    > 0
                {}
            }
            let params = app::server::search::matching::TextMatchParams {
                text,
                trl,
                country,
                kind,
                limit: Some(limit),
                include_closed,
                areas: Some(area.join(",")),
                funding_sought_eur,
            };
            let results = app::server::search::matching::match_text(
                &*index.generation()?,
                &params,
                chrono::Utc::now().date_naive(),
            )?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&results).expect("results serialise")
                );
            } else {
                if results.is_empty() {
                    eprintln!("{}", nothing_matched(&db).await?);
                }
                for (i, m) in results.iter().enumerate() {
                    println!(
                        "{:>2}. {:<8.3} {:<40} {}{}",
                        i + 1,
                        m.score,
                        m.id,
                        m.title,
                        if m.eligible { "" } else { "  (not eligible)" }
                    );
                    for reason in &m.reasons {
                        println!("              {reason}");
                    }
                }
            }
            Ok(())
        }
        Command::Backup { file } => {
            println!("{}", crate::backup::backup(&settings, &file).await?);
            Ok(())
        }
        Command::Restore { file } => {
            println!("{}", crate::backup::restore(&settings, &file).await?);
            Ok(())
        }
        Command::Reindex => {
            let db = startup::open_database(&settings).await?;
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                if std::io::stderr().is_terminal() {
                    indicatif::ProgressDrawTarget::stderr()
                } else {
                    indicatif::ProgressDrawTarget::hidden()
                },
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("indexing [{bar:40}] {pos}/{len}")
                    .expect("constant template")
                    .progress_chars("=> "),
            );
            let generation = app::server::search::rebuild(&db, &settings.data_dir, |p| match p {
                app::server::search::RebuildProgress::Total(n) => bar.set_length(n),
                app::server::search::RebuildProgress::Done(n) => bar.set_position(n),
            })
            .await
            .map_err(|e| CliError::Failed(e.to_string()))?;
            bar.finish_and_clear();
            println!(
                "search index rebuilt: {} technologies, {} opportunities ({})",
                generation.tech_reader.searcher().num_docs(),
                generation.opp_reader.searcher().num_docs(),
                generation.name
            );
            Ok(())
        }
        Command::Migrate { action } => {
            migrate(&settings, action.unwrap_or(MigrateAction::Up)).await
        }
        Command::User {
            action: UserAction::Create { email, role, name },
        } => {
            let password = read_password()?;
            let db = startup::open_database(&settings).await?;
            let role = match role {
                StaffRole::Officer => Role::Officer,
                StaffRole::Admin => Role::Admin,
            };
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let account = NewAccount::parse(
                &email,
                &name,
                &password,
                role.as_str(),
                &[Role::Officer, Role::Admin],
            )?;
            let user = accounts::create_verified(&db, account).await?;
            println!(
                "created {} account {} (id {})",
                role.as_str(),
                user.email,
                user.id
            );
            Ok(())
        }
    }
}

async fn migrate(settings: &Settings, action: MigrateAction) -> Result<(), CliError> {
    settings.prepare_data_dir()?;
    let db = crate::db::connect(settings).await?;
    let failed = |e: sea_orm::DbErr| CliError::Failed(format!("migration failed: {e}"));
    match action {
        MigrateAction::Up => {
            crate::db::migrate(&db).await.map_err(failed)?;
            println!("database is up to date");
        }
        MigrateAction::Down { steps } => {
            Migrator::down(&db, Some(steps)).await.map_err(failed)?;
            println!("reverted {steps} migration(s)");
        }
        MigrateAction::Status => {
            for m in Migrator::get_migration_with_status(&db)
                .await
                .map_err(failed)?
            {
                println!("{}\t{}", m.name(), m.status());
            }
        }
    }
    Ok(())
}

/// Reads one line from standard input; prompts only when a person is typing.
fn read_password() -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (at least 12 characters): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| {
        CliError::Input(format!("cannot read the password from standard input: {e}"))
    })?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(CliError::Input(
            "password: expected on standard input".into(),
        ));
    }
    Ok(password)
}

/// Why `match` printed no result: an empty catalogue says how to fill it, so a first run on a
/// new data folder does not look like a matching failure.
async fn nothing_matched(db: &sea_orm::DatabaseConnection) -> Result<&'static str, CliError> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let entries = app::server::entities::opportunities::Entity::find()
        .count(db)
        .await
        .map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(if entries == 0 {
        "no results: the catalogue in this data folder is empty; import it first with \
         `lab2field import opportunities server/catalogue/opportunities.json`"
    } else {
        "no results: nothing in the catalogue fits; try other words, or --include-closed"
    })
}
