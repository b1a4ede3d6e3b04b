//! Logging: `RUST_LOG` filters; one line per request with its id.

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Metadata};
use tracing_subscriber::layer::{Context, Filter, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    let colors = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let output = tracing_subscriber::fmt::layer().with_ansi(colors).with_writer(std::io::stderr);
    let _ = tracing_subscriber::registry()
        .with(output.with_filter(ClientErrorsAreNotErrors).with_filter(filter))
        .try_init();
}

/// actix-http logs every request it cannot parse (a malformed or oversized
/// request line or header) at ERROR, although the client already got its
/// 400 or 431: any client could fill the error log. Those lines are dropped;
/// `RUST_LOG=actix_http=trace` still shows them (actix logs each at TRACE too).
struct ClientErrorsAreNotErrors;

const DISPATCHER: &str = "actix_http::h1::dispatcher";

impl<S> Filter<S> for ClientErrorsAreNotErrors {
    fn enabled(&self, _: &Metadata<'_>, _: &Context<'_, S>) -> bool {
        true
    }

    fn event_enabled(&self, event: &Event<'_>, _: &Context<'_, S>) -> bool {
        if event.metadata().target() != DISPATCHER {
            return true;
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        !is_client_error(&message.0)
    }
}

/// The dispatcher's words for what the client did: a request it could not
/// parse, sent too slowly, cut short, or whose body the handler refused.
fn is_client_error(message: &str) -> bool {
    const CLIENT: [&str; 4] = [
        "request parse error",
        "request did not complete within the specified timeout",
        "connection shutdown timeout",
        "handler dropped payload before reading EOF",
    ];
    message.strip_prefix("stream error: ").is_some_and(|rest| CLIENT.iter().any(|c| rest.starts_with(c)))
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_client_error;

    #[test]
    fn parse_errors_are_client_errors_and_others_are_not() {
        assert!(is_client_error("stream error: request parse error: invalid Header provided"));
        assert!(is_client_error("stream error: request parse error: URI error: uri too long"));
        assert!(is_client_error("stream error: handler dropped payload before reading EOF"));
        assert!(!is_client_error("stream error: service error"));
        assert!(!is_client_error("stream error: internal error"));
        assert!(!is_client_error("write zero; closing"));
    }
}
