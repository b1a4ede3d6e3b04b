activity-title = Журнал действий
activity-empty = Событий пока нет.
activity-count = { $count ->
    [one] { $count } событие
    [few] { $count } события
    [many] { $count } событий
   *[other] { $count } события
}
activity-count-more = Более { $count } событий
activity-col-when = Время
activity-col-what = Событие
activity-col-customer = Клиент
activity-col-service = Служба
activity-col-by = Инициатор
activity-event-detail = { $event } ({ $detail })
activity-actor-system = Система
activity-invitation-accepted = Приглашение принято
activity-invitation-declined = Приглашение отклонено
activity-relationship-created = Установлены отношения торгового посредника
activity-dap-granted = Предоставлены делегированные права администратора
activity-dap-removed = Удалены делегированные права администратора
activity-dap-replaced = Делегированные права администратора переданы другому партнеру
activity-link-rotated = Ссылка-приглашение заменена
activity-seats-removed = Удалены рабочие места
activity-addon-ordered = Заказана надстройка
activity-subscription-transitioned = Подписка переведена на другое предложение
activity-por-changed = Изменен партнер записи
activity-col-partner = Партнер
activity-admin-lead = Все события между вашей организацией и ее партнерами, включая отклоненные приглашения.
activity-empty-filtered = Нет событий, соответствующих этим фильтрам.
activity-empty-invalid = Исправьте фильтры, чтобы увидеть события.
activity-export = Скачать CSV
activity-filter-label = Фильтр событий
activity-filter-partner = Партнер
activity-filter-any-partner = Все партнеры
activity-filter-customer = Клиент
activity-filter-all-customers = Показать всех клиентов
activity-filter-customer-search = Название или домен клиента
activity-filter-customer-hint = Достаточно части названия или домена.
activity-filter-action = Действие
activity-filter-any-action = Все действия
activity-filter-service = Служба
activity-filter-any-service = Все службы
activity-filter-from = С
activity-filter-to = По
activity-filter-dates-hint = Даты указываются в UTC, оба дня включаются.
activity-filter-apply = Показать события
activity-filter-clear = Сбросить фильтры
activity-error-title = Не удается применить эти фильтры
activity-error-date = Неверная дата. Укажите существующую дату в формате ГГГГ-ММ-ДД, например 2026-03-01.
activity-error-dates-reversed = Дата «С» позже даты «По».
activity-error-action = Выберите действие из списка.
activity-error-service = Выберите службу из списка.
activity-error-id = Партнер или клиент в адресе страницы указан неверно.
activity-error-page = Номер страницы должен быть целым числом не меньше 1.
activity-csv-time = Время (UTC)
activity-csv-action-code = Код действия
activity-csv-action = Действие
activity-csv-partner = Партнер
activity-csv-customer = Клиент
activity-csv-service-code = Код службы
activity-csv-service = Служба
activity-csv-actor = Инициатор
activity-csv-detail = Подробности
# On the customer's page: its events in the activity log.
activity-customer-link = Журнал действий по этому клиенту
# Название запроса на делегированное администрирование и роли, к которым
# относится событие (одобренные, удаленные), и разделитель названий ролей.
activity-detail-with-roles = { $detail }: { $roles }
activity-roles-separator = { ", " }
