# Общие термины и макет страницы.

-product-name = partnerlink
-operator-name = 21Vianet
-partner-center = Центр партнеров

layout-product-name = { -product-name }
language-name = Русский

layout-operated-by = под управлением { -operator-name }
layout-skip-to-content = Перейти к основному содержимому
layout-language = Язык
layout-nav-partner = Панель партнера
layout-nav-admin = Центр администрирования
layout-sign-out = Выйти
layout-footer = { -product-name } для облачной партнерской программы под управлением { -operator-name }.

nav-customers = Клиенты
nav-request-relationship = Запрос отношений торгового посредника
nav-activity = Журнал действий
nav-partner-relationships = Отношения с партнерами

role-admin-agent = Агент администратора
role-sales-agent = Агент по продажам
role-helpdesk-agent = Агент службы поддержки
role-global-admin = Глобальный администратор
role-user = Пользователь

service-office365 = Office 365 под управлением { -operator-name }
service-azure = Microsoft Azure под управлением { -operator-name }
service-dynamics365 = Dynamics 365 под управлением { -operator-name }
service-powerbi = Power BI под управлением { -operator-name }

action-cancel = Отмена
pagination-label = Страницы
pagination-previous = Предыдущая страница
pagination-next = Следующая страница
pagination-info = Страница { $page } из { $pages }
pagination-info-more = Страница { $page } из более чем { $pages }
pagination-link-invalid = Ссылка на страницу недействительна. Вернитесь на первую страницу и переходите по ссылкам оттуда.
pagination-number-invalid = Номер страницы должен быть целым числом не меньше 1. Вернитесь на первую страницу и переходите по ссылкам оттуда.
time-utc = { $time } UTC
