//! The cloud services a partner can administer. Codes are stable and used in
//! forms and the database; names are localized (`service-<code>`).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    Office365,
    Azure,
    Dynamics365,
    PowerBi,
}

impl Service {
    pub const ALL: [Service; 4] = [Service::Office365, Service::Azure, Service::Dynamics365, Service::PowerBi];

    pub fn code(self) -> &'static str {
        match self {
            Service::Office365 => "office365",
            Service::Azure => "azure",
            Service::Dynamics365 => "dynamics365",
            Service::PowerBi => "powerbi",
        }
    }

    pub fn parse(code: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Message id of the localized name.
    pub fn message_id(self) -> &'static str {
        match self {
            Service::Office365 => "service-office365",
            Service::Azure => "service-azure",
            Service::Dynamics365 => "service-dynamics365",
            Service::PowerBi => "service-powerbi",
        }
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
