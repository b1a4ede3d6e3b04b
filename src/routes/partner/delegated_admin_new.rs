//! `GET|POST /partner/delegated-admin-requests/new`: the partner's admin
//! agent asks for roles per service for a number of days (DESIGN.md §12).
//! A refusal is the form again (422) with everything as typed.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use crate::domain::delegated_admin::requests::{self, NAME_MAX_CHARS, NewRequest, RequestProblem};
use crate::domain::delegated_admin::{AUTO_EXTEND_DAYS, CATALOGUE, MAX_DAYS, MIN_DAYS, Role};
use crate::domain::services::Service;
use crate::i18n::ids::message_enum;
use crate::routes::delegated_admin::page_path;
use crate::web::auth::PartnerAdmin;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppResult, Page, render_with, see_other};

message_enum! {
    /// Why the request form came back (422).
    pub enum FormProblem {
        NameMissing => "gdap-problem-name-missing",
        /// Takes `$count`, the longest name.
        NameTooLong => "gdap-problem-name-too-long",
        NameNotOneLine => "gdap-problem-name-not-one-line",
        /// Takes `$count`, the longest duration.
        DurationOutOfRange => "gdap-problem-duration",
        NoRoles => "gdap-problem-no-roles",
        /// Takes `$count`, the days of an extension.
        AutoExtendWithFullAdmin => "gdap-problem-auto-extend-full-admin",
        DomainInvalid => "gdap-problem-domain",
        UnknownRole => "gdap-problem-unknown-role",
    }
}

impl From<RequestProblem> for FormProblem {
    fn from(problem: RequestProblem) -> Self {
        match problem {
            RequestProblem::NameMissing => Self::NameMissing,
            RequestProblem::NameTooLong => Self::NameTooLong,
            RequestProblem::NameNotOneLine => Self::NameNotOneLine,
            RequestProblem::DurationOutOfRange => Self::DurationOutOfRange,
            RequestProblem::NoRoles => Self::NoRoles,
            RequestProblem::AutoExtendWithFullAdmin => Self::AutoExtendWithFullAdmin,
            RequestProblem::DomainInvalid => Self::DomainInvalid,
        }
    }
}

/// The form's fields as typed.
#[derive(Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    duration_days: String,
    auto_extend: Option<String>,
    #[serde(default)]
    customer_domain: String,
    #[serde(default)]
    roles: Vec<String>,
}

/// One role checkbox.
pub struct RoleChoice {
    pub role: Role,
    pub key: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "gdap/new.html")]
struct NewPage {
    ctx: Page,
    form: NewForm,
    problem: Option<FormProblem>,
}

impl NewPage {
    /// The catalogue per service, in display order, as checked.
    fn groups(&self) -> Vec<(Service, Vec<RoleChoice>)> {
        Service::ALL
            .into_iter()
            .map(|service| {
                let roles = CATALOGUE
                    .iter()
                    .filter(|r| r.service == service)
                    .map(|r| {
                        let key = r.key();
                        RoleChoice { role: *r, checked: self.form.roles.contains(&key), key }
                    })
                    .collect();
                (service, roles)
            })
            .collect()
    }

    fn problem_text(&self) -> Option<String> {
        self.problem.map(|problem| {
            let id = problem.message_id();
            match problem {
                FormProblem::NameTooLong => self.ctx.tn(id, NAME_MAX_CHARS as i64),
                FormProblem::DurationOutOfRange => self.ctx.tn(id, MAX_DAYS),
                FormProblem::AutoExtendWithFullAdmin => self.ctx.tn(id, AUTO_EXTEND_DAYS),
                _ => self.ctx.t(id).into_owned(),
            }
        })
    }

    /// Whether the problem is about `field` (its input is marked invalid).
    fn about(&self, field: &str) -> bool {
        let fields: &[&str] = match self.problem {
            Some(FormProblem::NameMissing | FormProblem::NameTooLong | FormProblem::NameNotOneLine) => {
                &["display_name"]
            }
            Some(FormProblem::DurationOutOfRange) => &["duration_days"],
            Some(FormProblem::AutoExtendWithFullAdmin) => &["auto_extend", "roles"],
            Some(FormProblem::DomainInvalid) => &["customer_domain"],
            Some(FormProblem::NoRoles | FormProblem::UnknownRole) => &["roles"],
            None => &[],
        };
        fields.contains(&field)
    }

    fn min_days(&self) -> i32 {
        MIN_DAYS
    }

    fn max_days(&self) -> i32 {
        MAX_DAYS
    }

    fn max_name(&self) -> usize {
        NAME_MAX_CHARS
    }
}

pub async fn show(ctx: Page, _admin: PartnerAdmin) -> AppResult<HttpResponse> {
    let form = NewForm { duration_days: "90".into(), ..NewForm::default() };
    render_with(StatusCode::OK, &NewPage { ctx, form, problem: None })
}

/// The request the form describes, or why it cannot be one.
fn parse(form: &NewForm) -> Result<NewRequest, FormProblem> {
    let roles =
        form.roles.iter().map(|key| Role::parse(key).ok_or(FormProblem::UnknownRole)).collect::<Result<_, _>>()?;
    let duration_days = form.duration_days.trim().parse::<i32>().map_err(|_| FormProblem::DurationOutOfRange)?;
    let domain = form.customer_domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let request = NewRequest {
        display_name: form.display_name.trim().to_owned(),
        duration_days,
        auto_extend: form.auto_extend.is_some(),
        customer_domain: (!domain.is_empty()).then_some(domain),
        roles,
    };
    request.validate()?;
    Ok(request)
}

pub async fn create(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    CsrfForm(mut form): CsrfForm<NewForm>,
) -> AppResult<HttpResponse> {
    form.roles.dedup();
    let request = match parse(&form) {
        Ok(request) => request,
        Err(problem) => {
            return render_with(StatusCode::UNPROCESSABLE_ENTITY, &NewPage { ctx, form, problem: Some(problem) });
        }
    };
    let partner_id = admin.partner_id;
    let actor = admin.display_name.clone();
    let id = ctx.state.db.run(move |conn| requests::create(conn, partner_id, &request, &actor)).await?;
    Flash::success(Notice::GdapCreated).store(&session);
    Ok(see_other(&page_path("/partner", &id)))
}
