//! Mails: written from an outbox message in the recipient's language (plain
//! text and HTML, every word from `locales/`), sent over SMTP with lettre,
//! or written as `.eml` files when no SMTP server is configured.

use std::path::PathBuf;
use std::time::Duration;

use askama::Template;
use fluent_bundle::{FluentArgs, FluentValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::{Claimed, Outcome};
use crate::config::DeliverySettings;
use crate::domain::activity::{Actor, ActorWords};
use crate::domain::delegated_admin::Role;
use crate::domain::notifications::{ActorType, Audience, EventType, Payload};
use crate::domain::services::Service;
use crate::i18n::{Catalog, Locale};

const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

crate::i18n::ids::message_enum! {
    /// The words of a mail; `…-subject` and `…-body` per event and side.
    pub enum MailText {
        AcceptedSubject => "mail-accepted-subject",
        AcceptedBody => "mail-accepted-body",
        AcceptedServices => "mail-accepted-services",
        AcceptedNoServices => "mail-accepted-no-services",
        DeclinedSubject => "mail-declined-subject",
        DeclinedBody => "mail-declined-body",
        RemovedSubject => "mail-dap-removed-subject",
        RemovedBody => "mail-dap-removed-body",
        ReplacedSubject => "mail-dap-replaced-subject",
        ReplacedBody => "mail-dap-replaced-body",
        ReleasedSubject => "mail-dap-released-subject",
        ReleasedBody => "mail-dap-released-body",
        EndingByCustomerSubject => "mail-ending-by-customer-subject",
        EndingByCustomerBody => "mail-ending-by-customer-body",
        EndingByPartnerSubject => "mail-ending-by-partner-subject",
        EndingByPartnerBody => "mail-ending-by-partner-body",
        EndedForPartnerSubject => "mail-ended-for-partner-subject",
        EndedForPartnerBody => "mail-ended-for-partner-body",
        EndedForCustomerSubject => "mail-ended-for-customer-subject",
        EndedForCustomerBody => "mail-ended-for-customer-body",
        GdapApprovedSubject => "mail-gdap-approved-subject",
        GdapApprovedBody => "mail-gdap-approved-body",
        GdapDeclinedSubject => "mail-gdap-declined-subject",
        GdapDeclinedBody => "mail-gdap-declined-body",
        GdapExpiringForPartnerSubject => "mail-gdap-expiring-for-partner-subject",
        GdapExpiringForPartnerBody => "mail-gdap-expiring-for-partner-body",
        GdapExpiringForCustomerSubject => "mail-gdap-expiring-for-customer-subject",
        GdapExpiringForCustomerBody => "mail-gdap-expiring-for-customer-body",
        GdapExpiredForPartnerSubject => "mail-gdap-expired-for-partner-subject",
        GdapExpiredForPartnerBody => "mail-gdap-expired-for-partner-body",
        GdapExpiredForCustomerSubject => "mail-gdap-expired-for-customer-subject",
        GdapExpiredForCustomerBody => "mail-gdap-expired-for-customer-body",
        GdapTerminatedForPartnerSubject => "mail-gdap-terminated-for-partner-subject",
        GdapTerminatedForPartnerBody => "mail-gdap-terminated-for-partner-body",
        GdapTerminatedForCustomerSubject => "mail-gdap-terminated-for-customer-subject",
        GdapTerminatedForCustomerBody => "mail-gdap-terminated-for-customer-body",
        Greeting => "mail-greeting",
        Action => "mail-action",
        Footer => "mail-footer",
        Settings => "mail-settings",
        ListSeparator => "mail-list-separator",
        /// Takes `$role` and `$service`: a role as the pages name it.
        RoleInService => "gdap-role-in-service",
        /// Takes `$label` and `$url`: a link in the plain-text part.
        LinkLine => "mail-link-line",
    }
}

/// A mail ready to send, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "mail/notice.html")]
struct HtmlMail<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    paragraphs: &'a [String],
    action_label: &'a str,
    action_url: &'a str,
    footer: &'a str,
    settings_label: &'a str,
    settings_url: &'a str,
}

/// Writes the mail for one message, or `None` if the message is not a mail
/// this version knows (then it fails, never goes out half-written).
pub fn write(
    catalog: &Catalog,
    locale: Locale,
    base_url: &str,
    audience: Audience,
    payload: &Payload,
) -> Option<Written> {
    let event = EventType::parse(&payload.event_type)?;
    let data = &payload.data;
    let customer = data.customer.as_ref()?;
    let separator = catalog.message(locale, MailText::ListSeparator.message_id(), None);
    let services = data
        .services
        .iter()
        .filter_map(|code| Service::parse(code))
        .map(|s| catalog.message(locale, s.message_id(), None))
        .collect::<Vec<_>>()
        .join(&separator);
    let (relationship_name, roles) = match &data.relationship {
        Some(relationship) => (
            relationship.name.clone(),
            relationship
                .roles
                .iter()
                .filter_map(|key| Role::parse(key))
                // As the pages name it: the same role exists in several
                // services ("Reader" of Azure, of Dynamics 365).
                .map(|role| {
                    let mut args = FluentArgs::new();
                    args.set("role", FluentValue::from(catalog.message(locale, role.name_id, None)));
                    args.set("service", FluentValue::from(catalog.message(locale, role.service.message_id(), None)));
                    catalog.message(locale, MailText::RoleInService.message_id(), Some(&args))
                })
                .collect::<Vec<_>>()
                .join(&separator),
        ),
        None => Default::default(),
    };
    let ends_at = data
        .ends_at
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| catalog.formatters().date(locale, at.naive_utc()))
        .unwrap_or_default();
    // Worded as the activity log words it. A payload names an API key
    // without its hint; a message queued before payloads said which may
    // hold an actor's stored form.
    let actor = ActorWords::new(catalog, locale).name(match data.actor_type {
        ActorType::System => Actor::System,
        ActorType::ApiKey => Actor::ApiKey { name: &data.actor, hint: "" },
        ActorType::Person => Actor::of(&data.actor),
    });
    let mut args = FluentArgs::new();
    for (name, value) in [
        ("partner", data.partner_name.as_str()),
        ("customer", customer.name.as_str()),
        ("domain", customer.domain.as_str()),
        ("actor", actor.as_str()),
        ("services", services.as_str()),
        ("date", ends_at.as_str()),
        ("by", data.by.code()),
        ("name", relationship_name.as_str()),
        ("roles", roles.as_str()),
    ] {
        args.set(name, FluentValue::from(value.to_owned()));
    }
    let t = |text: MailText| catalog.message(locale, text.message_id(), Some(&args));

    use MailText::*;
    let (subject, body) = match (event, audience) {
        (EventType::RelationshipAccepted, Audience::Partner) => (AcceptedSubject, AcceptedBody),
        (EventType::InvitationDeclined, Audience::Partner) => (DeclinedSubject, DeclinedBody),
        (EventType::DelegatedAdminRemoved, Audience::Partner) => (RemovedSubject, RemovedBody),
        (EventType::DelegatedAdminReplaced, Audience::Partner) => (ReplacedSubject, ReplacedBody),
        (EventType::DelegatedAdminRemoved, Audience::Customer) => (ReleasedSubject, ReleasedBody),
        (EventType::RelationshipEnding, Audience::Partner) => (EndingByCustomerSubject, EndingByCustomerBody),
        (EventType::RelationshipEnding, Audience::Customer) => (EndingByPartnerSubject, EndingByPartnerBody),
        (EventType::RelationshipEnded, Audience::Partner) => (EndedForPartnerSubject, EndedForPartnerBody),
        (EventType::RelationshipEnded, Audience::Customer) => (EndedForCustomerSubject, EndedForCustomerBody),
        (EventType::DelegatedAdminRequestApproved, Audience::Partner) => (GdapApprovedSubject, GdapApprovedBody),
        (EventType::DelegatedAdminRequestDeclined, Audience::Partner) => (GdapDeclinedSubject, GdapDeclinedBody),
        (EventType::DelegatedAdminRelationshipExpiring, Audience::Partner) => {
            (GdapExpiringForPartnerSubject, GdapExpiringForPartnerBody)
        }
        (EventType::DelegatedAdminRelationshipExpiring, Audience::Customer) => {
            (GdapExpiringForCustomerSubject, GdapExpiringForCustomerBody)
        }
        (EventType::DelegatedAdminRelationshipExpired, Audience::Partner) => {
            (GdapExpiredForPartnerSubject, GdapExpiredForPartnerBody)
        }
        (EventType::DelegatedAdminRelationshipExpired, Audience::Customer) => {
            (GdapExpiredForCustomerSubject, GdapExpiredForCustomerBody)
        }
        (EventType::DelegatedAdminRelationshipTerminated, Audience::Partner) => {
            (GdapTerminatedForPartnerSubject, GdapTerminatedForPartnerBody)
        }
        (EventType::DelegatedAdminRelationshipTerminated, Audience::Customer) => {
            (GdapTerminatedForCustomerSubject, GdapTerminatedForCustomerBody)
        }
        _ => return None,
    };
    let mut paragraphs = vec![t(body)];
    if event == EventType::RelationshipAccepted {
        paragraphs.push(t(if services.is_empty() { AcceptedNoServices } else { AcceptedServices }));
    }
    // The relationship's own page when the mail is about one.
    let action_url = match (audience, &data.relationship) {
        (Audience::Partner, Some(relationship)) => {
            format!("{base_url}/partner/delegated-admin-requests/{}", relationship.id)
        }
        (Audience::Customer, Some(relationship)) => {
            format!("{base_url}/admin/delegated-admin-requests/{}", relationship.id)
        }
        (Audience::Partner, None) => format!("{base_url}/partner/customers/{}", customer.id),
        (Audience::Customer, None) => format!("{base_url}/admin/partner-relationships/{}", data.partner_id),
    };
    let settings_url = format!(
        "{base_url}{}",
        match audience {
            Audience::Partner => super::PARTNER_SETTINGS_PATH,
            Audience::Customer => super::ADMIN_SETTINGS_PATH,
        }
    );
    let (subject, greeting, action_label, footer, settings_label) =
        (t(subject), t(Greeting), t(Action), t(Footer), t(Settings));
    let line = |label: &str, url: &str| {
        let mut args = FluentArgs::new();
        args.set("label", FluentValue::from(label.to_owned()));
        args.set("url", FluentValue::from(url.to_owned()));
        catalog.message(locale, LinkLine.message_id(), Some(&args))
    };
    let text = format!(
        "{greeting}\n\n{}\n\n{}\n\n-- \n{footer}\n{}\n",
        paragraphs.join("\n\n"),
        line(&action_label, &action_url),
        line(&settings_label, &settings_url),
    );
    let html = HtmlMail {
        lang: locale.tag(),
        subject: &subject,
        greeting: &greeting,
        paragraphs: &paragraphs,
        action_label: &action_label,
        action_url: &action_url,
        footer: &footer,
        settings_label: &settings_label,
        settings_url: &settings_url,
    }
    .render()
    .ok()?;
    Some(Written { subject, text, html })
}

/// Where mails go.
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Files { dir: PathBuf, from: Mailbox },
}

impl Mailer {
    /// An SMTP mailer for `PARTNERLINK_SMTP_URL`, else one writing `.eml`
    /// files to `PARTNERLINK_MAIL_DIR`.
    pub fn new(settings: &DeliverySettings, operator_name: &str) -> Result<Self, String> {
        let mut from: Mailbox = settings.mail_from.parse().map_err(|e| format!("PARTNERLINK_MAIL_FROM: {e}"))?;
        if from.name.is_none() {
            from.name = Some(operator_name.to_owned());
        }
        let Some(raw) = &settings.smtp_url else {
            // Created with the first mail, so an instance that sends none
            // leaves no empty folder behind.
            return Ok(Self::Files { dir: settings.mail_dir.clone(), from });
        };
        let url = reqwest::Url::parse(raw).map_err(|e| format!("PARTNERLINK_SMTP_URL: {e}"))?;
        let host = url.host_str().ok_or("PARTNERLINK_SMTP_URL has no host")?.to_owned();
        let mut builder = match url.scheme() {
            "smtps" => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&host).map_err(|e| format!("PARTNERLINK_SMTP_URL: {e}"))?
            }
            _ => {
                let tls = TlsParameters::new(host.clone()).map_err(|e| format!("PARTNERLINK_SMTP_URL: {e}"))?;
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host).port(25).tls(Tls::Opportunistic(tls))
            }
        };
        if let Some(port) = url.port() {
            builder = builder.port(port);
        }
        if !url.username().is_empty() {
            let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
            builder = builder
                .credentials(Credentials::new(decode(url.username()), decode(url.password().unwrap_or_default())));
        }
        Ok(Self::Smtp { transport: builder.timeout(Some(SMTP_TIMEOUT)).build(), from })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Self::Smtp { from, .. } | Self::Files { from, .. } => from,
        }
    }

    /// Sends one written mail to the message's recipient, with the message's
    /// stable id as its `Message-ID`.
    pub async fn send(&self, message: &Claimed, written: &Written) -> Outcome {
        let to: Mailbox = match message.recipient.parse() {
            Ok(to) => to,
            Err(err) => return Outcome::Failed(format!("not a mail address: {err}")),
        };
        let domain = self.from().email.domain().to_owned();
        let mail = Message::builder()
            .from(self.from().clone())
            .to(to)
            .subject(written.subject.clone())
            .message_id(Some(format!("<{}@{domain}>", message.message_id)))
            .multipart(MultiPart::alternative_plain_html(written.text.clone(), written.html.clone()));
        let mail = match mail {
            Ok(mail) => mail,
            Err(err) => return Outcome::Failed(format!("the mail could not be built: {err}")),
        };
        match self {
            Self::Smtp { transport, .. } => match transport.send(mail).await {
                Ok(_) => Outcome::Delivered,
                Err(err) if err.is_permanent() => Outcome::Failed(format!("the SMTP server refused the mail: {err}")),
                Err(err) => Outcome::Retry(format!("SMTP: {err}")),
            },
            Self::Files { dir, .. } => {
                // Written under a temporary name, then renamed: a reader never
                // sees half a mail, and a repeat replaces the same file.
                let path = dir.join(format!("{}.eml", message.message_id));
                let partial = dir.join(format!(".{}.eml.partial", message.message_id));
                let written = async {
                    tokio::fs::create_dir_all(dir).await?;
                    tokio::fs::write(&partial, mail.formatted()).await?;
                    tokio::fs::rename(&partial, &path).await
                };
                match written.await {
                    Ok(()) => Outcome::Delivered,
                    Err(err) => Outcome::Retry(format!("writing {}: {err}", path.display())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notifications::Side;
    use crate::domain::notifications::{Customer, PayloadData, RelationshipRef};
    use crate::i18n::{LocaleSource, Localizer};

    fn terminated_by(actor: &str) -> Payload {
        Payload {
            event_type: "delegated_admin_relationship.terminated".into(),
            timestamp: "2026-12-01T00:00:00Z".into(),
            data: PayloadData {
                partner_id: 1,
                partner_name: "Northwind Cloud Partners".into(),
                customer: Some(Customer { id: 3, name: "Tailspin Toys".into(), domain: "tailspin.example".into() }),
                services: vec![],
                by: Side::Partner,
                actor: actor.into(),
                actor_type: ActorType::Person,
                ends_at: None,
                relationship: Some(RelationshipRef {
                    id: "abc".into(),
                    name: "Helpdesk".into(),
                    roles: vec!["azure.reader".into()],
                }),
            },
        }
    }

    /// What an API key did is told in words, as the activity log tells it,
    /// never as the stored `api-key:<hint>:<name>`.
    #[test]
    fn an_api_key_that_acted_is_named_in_the_readers_language() {
        let catalog = Localizer::new(LocaleSource::Embedded, None).catalog();
        let stored = crate::domain::activity::Actor::api_key_name("CIPP sync", "plk_ab12");
        // As queued now (the key's name and its type) and as queued before
        // payloads had a type (the stored form).
        let mut payload = terminated_by("");
        (payload.data.actor, payload.data.actor_type) = ActorType::split(&stored);
        for payload in [payload, terminated_by(&stored)] {
            for (tag, words) in
                [("en", "API key \"CIPP sync\""), ("ru", "Ключ API «CIPP sync»"), ("zh-CN", "API 密钥“CIPP sync”")]
            {
                let locale = Locale::from_tag(tag).unwrap();
                let mail = write(&catalog, locale, "https://p.example", Audience::Customer, &payload).unwrap();
                for part in [&mail.text, &mail.html, &mail.subject] {
                    assert!(!part.contains("api-key:") && !part.contains("plk_ab12"), "{locale:?}: {part}");
                }
                assert!(mail.text.contains(words), "{locale:?}: {}", mail.text);
            }
        }
        let person =
            write(&catalog, Locale::FALLBACK, "https://p.example", Audience::Customer, &terminated_by("Nadia Orlova"));
        assert!(person.unwrap().text.contains("Nadia Orlova of Northwind Cloud Partners"));
    }

    /// Roles are named with their service, as the pages name them: "Reader"
    /// alone could be Azure's or Dynamics 365's.
    #[test]
    fn roles_are_named_with_their_service() {
        let catalog = Localizer::new(LocaleSource::Embedded, None).catalog();
        let mut payload = terminated_by("Nadia Orlova");
        payload.event_type = "delegated_admin_request.approved".into();
        for locale in Locale::all() {
            let role = catalog.message(locale, Role::parse("azure.reader").unwrap().name_id, None);
            let service = catalog.message(locale, Service::Azure.message_id(), None);
            let mut args = FluentArgs::new();
            args.set("role", FluentValue::from(role));
            args.set("service", FluentValue::from(service.clone()));
            let named = catalog.message(locale, MailText::RoleInService.message_id(), Some(&args));
            let mail = write(&catalog, locale, "https://p.example", Audience::Partner, &payload).unwrap();
            assert!(named.contains(&service) && mail.text.contains(&named), "{locale:?}: {}", mail.text);
        }
    }
}
