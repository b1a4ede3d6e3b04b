# 细粒度委派管理员权限（DESIGN.md §12）：角色目录、状态和活动记录。

gdap-role-office365-global-admin = 全局管理员
gdap-role-office365-global-admin-description = 完全管理 Office 365：所有设置、用户和订阅（即传统的委派管理）。
gdap-role-office365-user-admin = 用户管理员
gdap-role-office365-user-admin-description = 创建和管理用户及组，并重置非管理员的密码。
gdap-role-office365-helpdesk-admin = 支持管理员
gdap-role-office365-helpdesk-admin-description = 重置非管理员的密码并管理服务请求。
gdap-role-office365-license-admin = 许可证管理员
gdap-role-office365-license-admin-description = 分配和移除许可证；不能更改用户。
gdap-role-office365-exchange-admin = Exchange 管理员
gdap-role-office365-exchange-admin-description = 管理邮箱、邮件流和 Exchange 设置。
gdap-role-office365-global-reader = 全局读取者
gdap-role-office365-global-reader-description = 查看所有设置和报告；不做任何更改。
gdap-role-azure-owner = 所有者
gdap-role-azure-owner-description = 完全管理 Azure 订阅，包括向他人授予访问权限。
gdap-role-azure-contributor = 参与者
gdap-role-azure-contributor-description = 创建和管理所有 Azure 资源；不能授予访问权限。
gdap-role-azure-reader = 读取者
gdap-role-azure-reader-description = 查看 Azure 资源；不做任何更改。
gdap-role-azure-support-contributor = 支持请求参与者
gdap-role-azure-support-contributor-description = 创建和管理 Azure 支持请求。
gdap-role-dynamics365-admin = Dynamics 365 管理员
gdap-role-dynamics365-admin-description = 完全管理 Dynamics 365 环境及其用户。
gdap-role-dynamics365-reader = Dynamics 365 读取者
gdap-role-dynamics365-reader-description = 查看 Dynamics 365 环境和设置；不做任何更改。
gdap-role-powerbi-admin = Power BI 管理员
gdap-role-powerbi-admin-description = 完全管理 Power BI：工作区、容量和租户设置。

gdap-status-approval-pending = 等待批准
gdap-status-active = 有效
gdap-status-expiring = 即将到期
gdap-status-expired = 已到期
gdap-status-terminated = 已终止
gdap-status-declined = 已拒绝

gdap-activity-requested = 已创建委派管理请求
gdap-activity-approved = 委派管理请求已批准
gdap-activity-declined = 委派管理请求已拒绝
gdap-activity-terminated = 委派管理关系已提前终止
gdap-activity-role-removed = 已删除委派管理角色
gdap-activity-expiring = 委派管理关系即将到期
gdap-activity-expired = 委派管理关系已到期
gdap-activity-auto-extended = 委派管理关系已自动延长 180 天
gdap-activity-request-expired = 委派管理请求未获批准，已过期
