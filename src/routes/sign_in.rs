//! Sign-in and sign-out for both sides: partner users at `/partner/…`,
//! customer users at `/admin/…`. The two never share a session principal.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::invitations::{self, InvitationToken};
use crate::domain::users;
use crate::throttle::Refused;
use crate::web::auth::{self, safe_next};
use crate::web::form::CsrfForm;
use crate::web::locale::remember_language;
use crate::web::query::QueryPairs;
use crate::web::{AppError, AppResult, Page, render, render_with, see_other};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Partner,
    Admin,
}

impl Side {
    fn action(self) -> &'static str {
        match self {
            Side::Partner => "/partner/sign-in",
            Side::Admin => "/admin/sign-in",
        }
    }

    fn home(self) -> &'static str {
        match self {
            Side::Partner => "/partner/customers",
            Side::Admin => "/admin/partner-relationships",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Side::Partner => "partner",
            Side::Admin => "admin",
        }
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    ctx: Page,
    partner_side: bool,
    action: &'static str,
    email: String,
    next: Option<String>,
    failed: bool,
    invitation_from: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignOutForm {}

/// The partner whose invitation `next` leads to, for the "sign in to review
/// the invitation from …" line.
async fn invitation_partner(ctx: &Page, next: Option<&str>) -> Option<String> {
    let (path, query) = next?.split_once('?')?;
    if path != "/admin/partner-invitation" {
        return None;
    }
    let token = InvitationToken::parse(QueryPairs::parse(query).first("token")?)?;
    ctx.state
        .db
        .run(move |conn| invitations::find_partner(conn, &token))
        .await
        .ok()
        .flatten()
        .map(|partner| partner.name)
}

async fn show(side: Side, ctx: Page, query: web::Query<SignInQuery>) -> AppResult<HttpResponse> {
    let next = safe_next(query.next.as_deref()).map(str::to_owned);
    let invitation_from = match side {
        Side::Admin => invitation_partner(&ctx, next.as_deref()).await,
        Side::Partner => None,
    };
    render(&SignInPage {
        ctx,
        partner_side: side == Side::Partner,
        action: side.action(),
        email: String::new(),
        next,
        failed: false,
        invitation_from,
    })
}

async fn submit(
    side: Side,
    req: HttpRequest,
    ctx: Page,
    session: Session,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> AppResult<HttpResponse> {
    let client = client_address(&req, ctx.state.settings.trust_proxy);
    let throttle = &ctx.state.throttle;
    let keys = throttle.keys(side.key(), &form.email, &client);
    // Counted before the password is checked, so parallel guesses cannot all
    // get past the limit; held until the check is over.
    let _attempt = throttle.attempt(&keys).await.map_err(|refused| match refused {
        Refused::Limit(wait) => AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) },
        Refused::Busy => AppError::TooManyRequests { retry_after_secs: 1 },
    })?;

    let email = form.email.clone();
    let password = form.password.clone();
    let account = ctx
        .state
        .db
        .run(move |conn| match side {
            Side::Partner => users::find_partner_user(conn, &email),
            Side::Admin => users::find_customer_user(conn, &email),
        })
        .await?;
    let (stored_hash, account) = match account {
        Some(account) => (Some(account.password_hash.clone()), Some(account)),
        None => (None, None),
    };
    let valid = web::block(move || crate::password::verify(stored_hash.as_deref(), &password))
        .await
        .map_err(|err| AppError::Internal(err.to_string()))?;

    let next = safe_next(form.next.as_deref()).map(str::to_owned);
    match account.filter(|_| valid) {
        Some(account) => {
            throttle.succeeded(&keys).await;
            auth::sign_in(&ctx.state, &session, &account.principal).await?;
            if let Some(locale) = account.preferred_lang {
                remember_language(&session, locale);
            }
            Ok(see_other(next.as_deref().unwrap_or(side.home())))
        }
        None => {
            tracing::info!(side = side.key(), "failed sign-in");
            let invitation_from = match side {
                Side::Admin => invitation_partner(&ctx, next.as_deref()).await,
                Side::Partner => None,
            };
            render_with(
                actix_web::http::StatusCode::UNAUTHORIZED,
                &SignInPage {
                    ctx,
                    partner_side: side == Side::Partner,
                    action: side.action(),
                    email: form.email,
                    next,
                    failed: true,
                    invitation_from,
                },
            )
        }
    }
}

async fn sign_out(ctx: Page, session: Session, CsrfForm(_): CsrfForm<SignOutForm>) -> AppResult<HttpResponse> {
    auth::sign_out(&ctx.state, &session).await?;
    Ok(see_other("/"))
}

pub async fn partner_show(ctx: Page, query: web::Query<SignInQuery>) -> AppResult<HttpResponse> {
    show(Side::Partner, ctx, query).await
}

pub async fn admin_show(ctx: Page, query: web::Query<SignInQuery>) -> AppResult<HttpResponse> {
    show(Side::Admin, ctx, query).await
}

pub async fn partner_submit(
    req: HttpRequest,
    ctx: Page,
    session: Session,
    form: CsrfForm<SignInForm>,
) -> AppResult<HttpResponse> {
    submit(Side::Partner, req, ctx, session, form).await
}

pub async fn admin_submit(
    req: HttpRequest,
    ctx: Page,
    session: Session,
    form: CsrfForm<SignInForm>,
) -> AppResult<HttpResponse> {
    submit(Side::Admin, req, ctx, session, form).await
}

pub async fn partner_sign_out(ctx: Page, session: Session, form: CsrfForm<SignOutForm>) -> AppResult<HttpResponse> {
    sign_out(ctx, session, form).await
}

pub async fn admin_sign_out(ctx: Page, session: Session, form: CsrfForm<SignOutForm>) -> AppResult<HttpResponse> {
    sign_out(ctx, session, form).await
}

/// The address sign-in attempts are counted for: the TCP peer, or, behind a
/// trusted load balancer, the address it writes as the last entry of
/// `X-Forwarded-For` (README: the proxy overwrites that header). `Forwarded`
/// is never read: the documented proxy does not set it, so a client could.
fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let peer = || req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    if !trust_proxy {
        return peer();
    }
    let forwarded = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok()).last();
    forwarded
        .and_then(|value| value.rsplit(',').next())
        .and_then(|last| last.trim().parse::<std::net::IpAddr>().ok())
        .map(|ip| ip.to_string())
        .unwrap_or_else(peer)
}
