//! What every handler can reach through `web::Data<AppState>`.

use crate::assets::Assets;
use crate::config::Settings;
use crate::db::DbPool;
use crate::domain::ids::PartnerId;
use crate::domain::invitations::{InvitationToken, LinkKind};
use crate::i18n::Localizer;
use crate::throttle::Throttle;
use crate::web::kept::KeptMap;
use crate::web::session_cache::SessionCache;

pub struct AppState {
    pub settings: Settings,
    pub db: DbPool,
    pub localizer: Localizer,
    pub throttle: Throttle,
    pub assets: Assets,
    /// Sessions checked lately (on PostgreSQL; see the module).
    pub sessions: SessionCache,
    /// Partners' current invitation links, read lately (on PostgreSQL; see
    /// `web::kept`): the request page's only read besides the session.
    pub invitation_links: KeptMap<(PartnerId, LinkKind), InvitationToken>,
}
