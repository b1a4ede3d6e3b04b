//! `/partner/settings/api-keys`: the partner's admin agent issues keys for
//! the JSON API (name, scope `read` or `read_write`), sees each one's last
//! use, and revokes them. A new key is shown once, on the page the POST
//! redirects to (element `#api-key`), and never again: only its digest is
//! kept.

use std::borrow::Cow;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::api_keys::{self, ApiKey, KeyError, MAX_KEYS, NAME_MAX_CHARS, Scope};
use crate::i18n::ids::message_enum;
use crate::web::auth::PartnerAdmin;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render_with, see_other};

pub const PATH: &str = "/partner/settings/api-keys";
/// Where the new key waits in the session for the one page that shows it.
const ISSUED_KEY: &str = "issued_api_key";

message_enum! {
    /// Why the new-key form was refused (422, the form shown again).
    pub enum FormProblem {
        /// Takes `$count`, the longest name.
        InvalidName => "api-keys-name-invalid",
        UnknownScope => "api-keys-scope-unknown",
        /// Takes `$count`, the limit.
        TooMany => "api-keys-too-many",
    }
}

#[derive(Template)]
#[template(path = "partner/api_keys.html")]
struct KeysPage {
    ctx: Page,
    keys: Vec<ApiKey>,
    /// The form as typed, when shown again.
    name: String,
    read_write: bool,
    problem: Option<FormProblem>,
    /// A key just issued, shown this once.
    issued: Option<String>,
}

impl KeysPage {
    fn problem_text(&self) -> Option<String> {
        self.problem.map(|problem| match problem {
            FormProblem::InvalidName => self.ctx.tn(problem.message_id(), NAME_MAX_CHARS as i64),
            FormProblem::TooMany => self.ctx.tn(problem.message_id(), MAX_KEYS),
            FormProblem::UnknownScope => self.ctx.t(problem.message_id()).into_owned(),
        })
    }

    fn scope_text(&self, key: &ApiKey) -> Cow<'_, str> {
        self.ctx.t(match key.scope() {
            Scope::Read => "api-keys-scope-read",
            Scope::ReadWrite => "api-keys-scope-read-write",
        })
    }

    fn max_name(&self) -> usize {
        NAME_MAX_CHARS
    }

    fn openapi_path(&self) -> &'static str {
        crate::api::OPENAPI_PATH
    }
}

/// The page: the partner's keys, the new-key form as typed (422 with its
/// problem), and a key just issued.
async fn page(
    ctx: Page,
    admin: &PartnerAdmin,
    form: NewKeyForm,
    problem: Option<FormProblem>,
    issued: Option<String>,
) -> AppResult<HttpResponse> {
    let partner_id = admin.partner_id;
    let keys = ctx.state.db.run(move |conn| api_keys::list(conn, partner_id).map_err(AppError::from)).await?;
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let read_write = form.scope == Scope::ReadWrite.code();
    render_with(status, &KeysPage { ctx, keys, name: form.name, read_write, problem, issued })
}

pub async fn list(ctx: Page, admin: PartnerAdmin, session: Session) -> AppResult<HttpResponse> {
    let issued = session.remove_as::<String>(ISSUED_KEY).and_then(Result::ok);
    page(ctx, &admin, NewKeyForm::default(), None, issued).await
}

#[derive(Default, Deserialize)]
pub struct NewKeyForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
}

pub async fn create(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<NewKeyForm>,
) -> AppResult<HttpResponse> {
    let scope = match form.scope.as_str() {
        "" => Scope::Read,
        code => match Scope::parse(code) {
            Some(scope) => scope,
            None => return page(ctx, &admin, form, Some(FormProblem::UnknownScope), None).await,
        },
    };
    let (partner_id, actor, name) = (admin.partner_id, admin.display_name.clone(), form.name.clone());
    let created = ctx
        .state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(api_keys::create(conn, partner_id, &name, scope, &actor, crate::domain::now()))
        })
        .await?;
    match created {
        Ok(issued) => {
            session.insert(ISSUED_KEY, issued.secret).map_err(|err| AppError::Internal(format!("session: {err}")))?;
            Ok(see_other(PATH))
        }
        Err(KeyError::InvalidName) => page(ctx, &admin, form, Some(FormProblem::InvalidName), None).await,
        Err(KeyError::TooMany) => page(ctx, &admin, form, Some(FormProblem::TooMany), None).await,
        Err(KeyError::NotFound) => Err(AppError::NotFound),
        Err(KeyError::Db(err)) => Err(err.into()),
    }
}

/// The revoke button sends nothing but its CSRF token.
#[derive(Deserialize)]
pub struct RevokeForm {}

pub async fn revoke(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<i64>,
    CsrfForm(_): CsrfForm<RevokeForm>,
) -> AppResult<HttpResponse> {
    let (partner_id, actor, id) = (admin.partner_id, admin.display_name.clone(), path.into_inner());
    let revoked = ctx
        .state
        .db
        .run(move |conn| Ok::<_, AppError>(api_keys::revoke(conn, partner_id, id, &actor, crate::domain::now())))
        .await?;
    match revoked {
        Ok(()) => {
            Flash::success(Notice::ApiKeyRevoked).store(&session);
            Ok(see_other(PATH))
        }
        Err(KeyError::Db(err)) => Err(err.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
