landing-title = 轻松建立经销商关系
landing-lead = 合作伙伴只需一个可重复使用的链接即可邀请客户；客户自行决定由哪个合作伙伴管理其每项服务。
landing-partner-title = 合作伙伴仪表板
landing-partner-body = 面向合作伙伴：复制邀请电子邮件，查看客户和变更记录。
landing-partner-action = 打开合作伙伴仪表板
landing-admin-title = 管理中心
landing-admin-body = 面向客户管理员：接受邀请，并管理哪些合作伙伴拥有委派管理员权限。
landing-admin-action = 打开管理中心
