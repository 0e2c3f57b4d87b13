//! Where e-mail goes: a folder of `.eml` files (the default) or an SMTP server.

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::Path;

pub enum MailTransport {
    Folder(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl MailTransport {
    /// Writes each message as `<uuid>.eml` into `dir`, creating it if needed.
    pub fn folder(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Self::Folder(AsyncFileTransport::new(dir)))
    }

    /// An SMTP relay from a URL such as `smtp://host:25`, `smtps://user:pass@host` or
    /// `smtp://host:587?tls=required`.
    pub fn smtp(url: &str) -> Result<Self, lettre::transport::smtp::Error> {
        Ok(Self::Smtp(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build(),
        ))
    }

    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Self::Folder(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Self::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}
