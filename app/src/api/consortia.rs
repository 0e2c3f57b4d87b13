//! Consortium builder: open a draft from an EDF match, see it with its live eligibility check
//! and partner suggestions, invite, answer, withdraw; officers see demand per call topic.

use crate::domain::consortium::{Answer, MemberRole};
use crate::domain::consortium_view::{ConsortiumSummary, ConsortiumView, TopicDemand};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{
        auth,
        consortia::{self, invitations},
        http::respond,
        AppState,
    },
};

/// Opens (or reopens) the caller's draft for an EDF topic; `technology_id` 0 names none.
#[server(prefix = "/api", endpoint = "consortia/open", output = crate::api::encoding::TextJson)]
pub async fn open_consortium(
    topic_id: String,
    #[server(default)] technology_id: i64,
    #[server(default)] role: Option<MemberRole>,
) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        let id = consortia::open(
            &state.db,
            &founder,
            &topic_id,
            (technology_id > 0).then_some(technology_id),
            role.unwrap_or(MemberRole::Coordinator),
        )
        .await?;
        leptos_axum::redirect(&format!("/consortia/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "consortia/get", output = crate::api::encoding::TextJson)]
pub async fn consortium(id: i64) -> Result<ConsortiumView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        consortia::view(&state.db, &*state.search.generation()?, &user, id).await
    })
    .await
}

/// The caller's company's consortia; `None` for officers and admins, who see demand instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OverviewOfConsortia {
    Mine(Vec<ConsortiumSummary>),
    Demand(Vec<TopicDemand>),
}

#[server(prefix = "/api", endpoint = "consortia/overview", output = crate::api::encoding::TextJson)]
pub async fn consortia_overview() -> Result<OverviewOfConsortia, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder, Role::Officer, Role::Admin]).await?;
        if user.role.is_staff() {
            consortia::demand(&state.db, &user)
                .await
                .map(OverviewOfConsortia::Demand)
        } else {
            consortia::mine(&state.db, &user)
                .await
                .map(OverviewOfConsortia::Mine)
        }
    })
    .await
}

/// Officers and admins: consortia forming per call topic.
#[server(prefix = "/api", endpoint = "consortia/demand", output = crate::api::encoding::TextJson)]
pub async fn consortium_demand() -> Result<Vec<TopicDemand>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let staff = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        consortia::demand(&state.db, &staff).await
    })
    .await
}

/// The lead invites a suggested organisation (`organisation_id`) or one named in the form
/// (`organisation_name`), in `role`, with a message.
#[server(prefix = "/api", endpoint = "consortia/invite", output = crate::api::encoding::TextJson)]
pub async fn invite_partner(
    consortium_id: i64,
    #[server(default)] organisation_id: i64,
    #[server(default)] organisation_name: String,
    #[server(default)] technology_id: i64,
    role: MemberRole,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        let invitee = if organisation_id > 0 {
            invitations::Invitee::Id(organisation_id)
        } else {
            invitations::Invitee::Name(organisation_name)
        };
        invitations::invite(
            &state.db,
            &state.config,
            &founder,
            consortium_id,
            &invitee,
            (technology_id > 0).then_some(technology_id),
            role,
            &message,
        )
        .await?;
        state.mail.wake();
        leptos_axum::redirect(&format!("/consortia/{consortium_id}?invited=1"));
        Ok(())
    })
    .await
}

/// The invited organisation's founders accept or decline.
#[server(prefix = "/api", endpoint = "consortia/answer", output = crate::api::encoding::TextJson)]
pub async fn answer_invitation(membership_id: i64, answer: Answer) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        let accept = answer == Answer::Accept;
        let id =
            invitations::answer(&state.db, &state.config, &founder, membership_id, accept).await?;
        state.mail.wake();
        leptos_axum::redirect(&if accept {
            format!("/consortia/{id}")
        } else {
            "/consortia?declined=1".to_owned()
        });
        Ok(())
    })
    .await
}

/// The lead withdraws an invitation or removes a member; a member leaves.
#[server(prefix = "/api", endpoint = "consortia/withdraw", output = crate::api::encoding::TextJson)]
pub async fn withdraw_member(membership_id: i64) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        let (id, still_member) =
            invitations::withdraw(&state.db, &state.config, &founder, membership_id).await?;
        state.mail.wake();
        leptos_axum::redirect(&if still_member {
            format!("/consortia/{id}")
        } else {
            "/consortia?left=1".to_owned()
        });
        Ok(())
    })
    .await
}
