# Детализированное делегированное администрирование (DESIGN.md §12):
# каталог ролей, состояния и записи журнала действий.

gdap-role-office365-global-admin = Глобальный администратор
gdap-role-office365-global-admin-description = Полное администрирование Office 365: все параметры, пользователи и подписки (классическое делегированное администрирование).
gdap-role-office365-user-admin = Администратор пользователей
gdap-role-office365-user-admin-description = Создает пользователей и группы и управляет ими, сбрасывает пароли пользователей без прав администратора.
gdap-role-office365-helpdesk-admin = Администратор службы поддержки
gdap-role-office365-helpdesk-admin-description = Сбрасывает пароли пользователей без прав администратора и управляет запросами в службу поддержки.
gdap-role-office365-license-admin = Администратор лицензий
gdap-role-office365-license-admin-description = Назначает и отзывает лицензии; не может изменять пользователей.
gdap-role-office365-exchange-admin = Администратор Exchange
gdap-role-office365-exchange-admin-description = Управляет почтовыми ящиками, потоком почты и параметрами Exchange.
gdap-role-office365-global-reader = Глобальный читатель
gdap-role-office365-global-reader-description = Просматривает все параметры и отчеты; ничего не изменяет.
gdap-role-azure-owner = Владелец
gdap-role-azure-owner-description = Полное администрирование подписок Azure, включая предоставление доступа другим.
gdap-role-azure-contributor = Участник
gdap-role-azure-contributor-description = Создает все ресурсы Azure и управляет ими; не может предоставлять доступ.
gdap-role-azure-reader = Читатель
gdap-role-azure-reader-description = Просматривает ресурсы Azure; ничего не изменяет.
gdap-role-azure-support-contributor = Участник запросов в службу поддержки
gdap-role-azure-support-contributor-description = Создает запросы в службу поддержки Azure и управляет ими.
gdap-role-dynamics365-admin = Администратор Dynamics 365
gdap-role-dynamics365-admin-description = Полное администрирование сред Dynamics 365 и их пользователей.
gdap-role-dynamics365-reader = Читатель Dynamics 365
gdap-role-dynamics365-reader-description = Просматривает среды и параметры Dynamics 365; ничего не изменяет.
gdap-role-powerbi-admin = Администратор Power BI
gdap-role-powerbi-admin-description = Полное администрирование Power BI: рабочие области, емкости и параметры клиента.

gdap-status-approval-pending = Ожидает утверждения
gdap-status-active = Действует
gdap-status-expiring = Скоро истекает
gdap-status-expired = Истек
gdap-status-terminated = Прекращен
gdap-status-declined = Отклонен

gdap-activity-requested = Создан запрос на делегированное администрирование
gdap-activity-approved = Запрос на делегированное администрирование утвержден
gdap-activity-declined = Запрос на делегированное администрирование отклонен
gdap-activity-terminated = Делегированное администрирование прекращено досрочно
gdap-activity-role-removed = Роль делегированного администрирования отозвана
gdap-activity-expiring = Срок делегированного администрирования скоро истекает
gdap-activity-expired = Срок делегированного администрирования истек
gdap-activity-auto-extended = Делегированное администрирование продлено на 180 дней
gdap-activity-request-expired = Запрос на делегированное администрирование истек без утверждения
