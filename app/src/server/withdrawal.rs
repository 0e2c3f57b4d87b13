//! What taking a submitted technology back (to draft, or into the archive) costs whom: the
//! warning its company sees first, and the e-mails to the officers of every programme it is
//! enrolled in, written in the same transaction as the change.

use crate::api::technologies::{OpenEnrolment, WithdrawalImpact};
use crate::domain::access::AccessStatus;
use crate::domain::incubation::Stage;
use crate::domain::technology::TechStatus;
use crate::error::AppError;
use crate::server::auth::CurrentUser;
use crate::server::entities::{access_requests, enrolments, programmes, users};
use crate::server::incubation::officers_of;
use crate::server::mail::{self, notifications};
use crate::server::technologies::{self, StoredTechnology};
use crate::server::{organisations, RuntimeConfig};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// An enrolment still under way, with its programme.
pub(crate) struct OpenEnrolmentRow {
    pub enrolment: enrolments::Model,
    pub programme: programmes::Model,
    pub stage: Stage,
}

/// The technology's enrolments that have not ended, oldest programme first.
pub(crate) async fn open_enrolments<C: ConnectionTrait>(
    conn: &C,
    technology_id: i64,
) -> Result<Vec<OpenEnrolmentRow>, AppError> {
    let rows = enrolments::Entity::find()
        .filter(enrolments::Column::TechnologyId.eq(technology_id))
        .all(conn)
        .await?;
    let mut open = Vec::new();
    for row in rows {
        let stage = crate::server::incubation::stage_of(&row)?;
        if stage.is_final() {
            continue;
        }
        let Some(programme) = programmes::Entity::find_by_id(row.programme_id)
            .one(conn)
            .await?
        else {
            continue;
        };
        open.push(OpenEnrolmentRow {
            enrolment: row,
            programme,
            stage,
        });
    }
    open.sort_by_key(|o| o.programme.id);
    Ok(open)
}

/// Who loses sight of the founder's technology if it leaves the deal flow now. Investors'
/// pipelines are private, so they are described, never counted or named.
pub async fn impact(
    db: &DatabaseConnection,
    founder: &CurrentUser,
    id: i64,
) -> Result<WithdrawalImpact, AppError> {
    let tech = technologies::owned(db, founder, id).await?;
    let programmes = open_enrolments(db, id)
        .await?
        .into_iter()
        .map(|o| OpenEnrolment {
            programme: o.programme.name,
            stage: o.stage,
        })
        .collect();
    let grants = access_requests::Entity::find()
        .filter(access_requests::Column::TechnologyId.eq(id))
        .filter(access_requests::Column::Status.eq(AccessStatus::Granted.slug()))
        .all(db)
        .await?;
    let orgs = organisations::get_many(db, grants.iter().map(|g| g.investor_org_id)).await?;
    let mut granted_investors: Vec<String> = orgs.into_values().map(|o| o.legal_name).collect();
    granted_investors.sort();
    Ok(WithdrawalImpact {
        submitted: tech.status == TechStatus::Submitted,
        programmes,
        granted_investors,
    })
}

/// Tells the officers of each open enrolment that the company took the technology back
/// (`to` is where it went: draft or archive). Runs inside the status change's transaction.
pub(crate) async fn tell_officers<C: ConnectionTrait>(
    conn: &C,
    config: &RuntimeConfig,
    tech: &StoredTechnology,
    company: &str,
    to: TechStatus,
) -> Result<(), AppError> {
    for open in open_enrolments(conn, tech.id).await? {
        let officers: Vec<users::Model> =
            officers_of(conn, &open.programme, open.enrolment.id).await?;
        let link = config.link(&format!("/enrolments/{}", open.enrolment.id));
        for officer in &officers {
            mail::enqueue(
                conn,
                &officer.email,
                notifications::technology_withdrawn(
                    &officer.display_name,
                    &tech.draft.title,
                    company,
                    &open.programme.name,
                    open.stage.label(),
                    to == TechStatus::Archived,
                    &link,
                ),
            )
            .await?;
        }
    }
    Ok(())
}
