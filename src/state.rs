//! What every handler can reach through `web::Data<AppState>`.

use crate::assets::Assets;
use crate::config::Settings;
use crate::db::DbPool;
use crate::i18n::Localizer;
use crate::throttle::Throttle;
use crate::web::session_cache::SessionCache;

pub struct AppState {
    pub settings: Settings,
    pub db: DbPool,
    pub localizer: Localizer,
    pub throttle: Throttle,
    pub assets: Assets,
    /// Sessions checked lately (on PostgreSQL; see the module).
    pub sessions: SessionCache,
}
