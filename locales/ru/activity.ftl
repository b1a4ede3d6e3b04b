activity-title = Журнал действий
activity-empty = Событий пока нет.
activity-count = { $count ->
    [one] { $count } событие
    [few] { $count } события
    [many] { $count } событий
   *[other] { $count } события
}
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
