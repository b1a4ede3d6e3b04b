# 共享术语和页面布局。

-product-name = partnerlink
-operator-name = 世纪互联
-partner-center = 合作伙伴中心

layout-product-name = { -product-name }
language-name = 简体中文

layout-operated-by = 由{ -operator-name }运营
layout-skip-to-content = 跳到主要内容
layout-language = 语言
layout-nav-partner = 合作伙伴仪表板
layout-nav-admin = 管理中心
layout-sign-out = 注销
layout-footer = { -product-name }：适用于由{ -operator-name }运营的云合作伙伴计划。

nav-customers = 客户
nav-request-relationship = 请求经销商关系
nav-activity = 活动日志
nav-partner-relationships = 合作伙伴关系

role-admin-agent = 管理员代理
role-sales-agent = 销售代理
role-helpdesk-agent = 支持人员代理
role-global-admin = 全局管理员
role-user = 用户

service-office365 = 由{ -operator-name }运营的 Office 365
service-azure = 由{ -operator-name }运营的 Microsoft Azure
service-dynamics365 = 由{ -operator-name }运营的 Dynamics 365
service-powerbi = 由{ -operator-name }运营的 Power BI

action-cancel = 取消
pagination-label = 分页
pagination-previous = 上一页
pagination-next = 下一页
pagination-info = 第 { $page } 页，共 { $pages } 页
pagination-info-more = 第 { $page } 页，共超过 { $pages } 页
pagination-link-invalid = 此分页链接无效。请返回第一页，再从那里点击链接。
pagination-number-invalid = 页码必须是不小于 1 的整数。请返回第一页，再从那里点击链接。
time-utc = { $time }（UTC）
