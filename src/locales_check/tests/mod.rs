//! The checker on throw-away trees: each kind of problem is found, located
//! by file and line.

mod files;
mod usage;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Report, Severity, Uses, check};
use crate::i18n::ids::IdFamily;

/// A throw-away `locales/` + `templates/` tree under the temp folder.
struct Fixture {
    root: PathBuf,
}

impl Fixture {
    /// A consistent three-language tree with a term, variables, an
    /// attribute, a message reference and a plural; it checks clean.
    fn clean() -> Fixture {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("partnerlink-locales-check-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let fixture = Fixture { root };
        fixture.write("locales/en/core.ftl", EN_CORE);
        fixture.write("locales/ru/core.ftl", RU_CORE);
        fixture.write("locales/zh-CN/core.ftl", ZH_CORE);
        fixture.write("locales/en/sign-in.ftl", "sign-in-title = Sign in to { -partner-center }\n");
        fixture.write("locales/ru/sign-in.ftl", "sign-in-title = Вход в { -partner-center }\n");
        fixture.write("locales/zh-CN/sign-in.ftl", "sign-in-title = 登录{ -partner-center }\n");
        fixture.write("templates/page.html", PAGE);
        fixture
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create fixture folder");
        fs::write(path, text).expect("write fixture file");
    }

    /// The report with the ids of [`code`] used by Rust code.
    fn report(&self) -> Report {
        self.report_with_code(&code())
    }

    fn report_with_code(&self, code: &[IdFamily]) -> Report {
        let templates = [self.root.join("templates")];
        check(&self.root.join("locales"), &Uses { templates: &templates, code }).expect("fixture is readable")
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

const EN_CORE: &str = "\
-partner-center = Partner Center
nav-customers = Customers
request-email = { $partner } invites you to { -partner-center }.
    .title = Invitation from { $partner }
request-reminder = { request-email } Sent by { $sender }.
customers-count = { $count ->
    [one] { $count } customer
   *[other] { $count } customers
}
service-office365 = Office 365
";

const RU_CORE: &str = "\
-partner-center = Центр партнеров
nav-customers = Клиенты
request-email = { $partner } приглашает вас в { -partner-center }.
    .title = Приглашение от { $partner }
request-reminder = { request-email } Отправил { $sender }.
customers-count = { $count ->
    [one] { $count } клиент
    [few] { $count } клиента
    [many] { $count } клиентов
   *[other] { $count } клиента
}
service-office365 = Office 365
";

const ZH_CORE: &str = "\
-partner-center = 合作伙伴中心
nav-customers = 客户
request-email = { $partner } 邀请你加入{ -partner-center }。
    .title = 来自 { $partner } 的邀请
request-reminder = { request-email } 发件人：{ $sender }。
customers-count = { $count } 个客户
service-office365 = Office 365
";

const PAGE: &str = "\
<h1>{{ ctx.t(\"sign-in-title\") }}</h1>
<p>{{ ctx.t1(\"request-email\", \"partner\", partner) }}</p>
<p>{{ ctx.tn(\"customers-count\", count) }}</p>
";

/// The ids the fixture's code shows: a reminder chosen in code, the
/// navigation and a service's name.
fn code() -> Vec<IdFamily> {
    vec![IdFamily {
        file: "src/routes.rs",
        line: 4,
        ids: vec!["request-reminder", "nav-customers", "service-office365"],
    }]
}

fn assert_finding(report: &Report, severity: Severity, file: &Path, line: usize, text: &str) {
    let found = report
        .findings
        .iter()
        .any(|f| f.severity == severity && f.file == file && f.line == line && f.message.contains(text));
    assert!(found, "expected {severity} at {}:{line} containing {text:?}; got:\n{}", file.display(), report.render());
}
