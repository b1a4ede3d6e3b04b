//! Why a webhook delivery failed, stored as a stable code.

/// Why a delivery failed, as `outbox_messages.last_error` and
/// `webhook_attempts.error` store it: a stable code the delivery log turns
/// into a message in the reader's language (never English text matched back).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryFailure {
    /// The receiver answered with this non-2xx status.
    HttpStatus(u16),
    Timeout,
    Connect,
    UrlInvalid,
    UrlNotHttps,
    UrlUnresolvable,
    UrlPrivate,
    /// The message was still waiting when its endpoint was deleted (or the
    /// worker met it afterwards).
    EndpointDeleted,
    /// Anything else, in the worker's own words (operators' diagnostics).
    Other(String),
}

impl DeliveryFailure {
    const CODES: [(&'static str, Self); 7] = [
        ("timeout", Self::Timeout),
        ("connect", Self::Connect),
        ("url-invalid", Self::UrlInvalid),
        ("url-not-https", Self::UrlNotHttps),
        ("url-unresolvable", Self::UrlUnresolvable),
        ("url-private", Self::UrlPrivate),
        ("endpoint-deleted", Self::EndpointDeleted),
    ];
    const HTTP_STATUS: &'static str = "http-status:";
    const OTHER: &'static str = "other:";

    /// The stored form.
    pub fn code(&self) -> String {
        match self {
            Self::HttpStatus(status) => format!("{}{status}", Self::HTTP_STATUS),
            Self::Other(detail) => format!("{}{detail}", Self::OTHER),
            known => {
                Self::CODES.iter().find(|(_, f)| f == known).map(|(code, _)| (*code).to_owned()).unwrap_or_default()
            }
        }
    }

    /// Reads the stored form back; a value this version did not write is
    /// [`Self::Other`] with the value as its detail.
    pub fn parse(stored: &str) -> Self {
        if let Some((_, failure)) = Self::CODES.iter().find(|(code, _)| *code == stored) {
            return failure.clone();
        }
        if let Some(status) = stored.strip_prefix(Self::HTTP_STATUS).and_then(|s| s.parse().ok()) {
            return Self::HttpStatus(status);
        }
        Self::Other(stored.strip_prefix(Self::OTHER).unwrap_or(stored).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::DeliveryFailure;

    #[test]
    fn every_failure_reads_back_as_itself() {
        let all = [
            DeliveryFailure::HttpStatus(503),
            DeliveryFailure::Timeout,
            DeliveryFailure::Connect,
            DeliveryFailure::UrlInvalid,
            DeliveryFailure::UrlNotHttps,
            DeliveryFailure::UrlUnresolvable,
            DeliveryFailure::UrlPrivate,
            DeliveryFailure::EndpointDeleted,
            DeliveryFailure::Other("request failed: timeout".into()),
        ];
        for failure in all {
            assert_eq!(DeliveryFailure::parse(&failure.code()), failure);
        }
        assert_eq!(DeliveryFailure::parse("something else"), DeliveryFailure::Other("something else".into()));
    }
}
