//! Stage 4: over which period a figure counts, from the cues nearest to it
//! in its clause ("over the past 24 hours", "since 1 January", "in
//! September", "mercredi").

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cue {
    Day,
    /// A running total word or verb.
    Total,
    /// "depuis le 1er janvier", "since July 2018".
    Since(Date),
    /// "en deux jours": a closed period of N days ending on the report day.
    Days(i64),
    /// "le 7 janvier", "On September 18": a dated event; `true` where a
    /// weekday names it ("a repris mercredi").
    On(Date, bool),
    /// "la semaine dernière", "last month": a closed period.
    Period,
    /// "au cours des dernières 48 heures": whole days in hours.
    Hours(i64),
    /// "during this period": the window of the figure before.
    Same(Window),
    /// "mercredi", "on Sunday": a day named by its weekday alone.
    OnWeekday(Date),
    /// "in the previous reporting period": the day before the report's,
    /// for every figure of the sentence.
    PreviousDay(Date),
}

/// For each token, where the innermost bracket holding it opens.
pub(super) fn bracket_groups(tokens: &[Token<'_>]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct(")") || t.is_punct("]") {
            open.pop();
        }
        out.push(open.last().copied());
        if t.is_punct("(") || t.is_punct("[") {
            open.push(i);
        }
    }
    out
}

/// "MOSCOW, August 8 (Xinhua) --", "МОСКВА, 22 июл — РИА Новости": the
/// date an agency stamps on its story, which dates no figure.
pub(super) fn is_dateline(tokens: &[Token<'_>], d: &DateMention) -> bool {
    let city = tokens.first().is_some_and(|t| t.kind == TokenKind::Word && t.text.chars().count() >= 3 && !t.text.chars().any(char::is_lowercase));
    let stamped = tokens.get(d.end).is_some_and(|t| t.is_punct("(") || t.is_punct("—") || t.is_punct("–") || t.is_punct("-") || t.is_punct("/"));
    city && d.first <= 3 && stamped
}

/// "en deux jours", "au cours des deux derniers jours", "over the past two
/// days": a closed period of N days (2 to 31) named at token `i`.
pub(super) fn days_counted(tokens: &[Token<'_>], i: usize, lang: Lang) -> Option<i64> {
    if i == 0 || !matches!(tokens[i].norm.as_ref(), "jours" | "days") {
        return None;
    }
    let k = if matches!(tokens[i - 1].norm.as_ref(), "derniers" | "last" | "past") { i.saturating_sub(2) } else { i - 1 };
    let t = &tokens[k];
    let count = if t.kind == TokenKind::Digits { t.text.parse::<i64>().ok() } else { parse_words(std::slice::from_ref(t), lang).map(|(v, _)| v as i64) };
    count.filter(|d| (2..=31).contains(d))
}

/// One window per main figure, from the cues nearest to it.
pub(super) fn windows_for(
    ctx: &Context<'_>,
    tokens: &[Token<'_>],
    qs: &[Quantity],
    mains: &[(usize, Metric)],
    dates: &[DateMention],
) -> Vec<(Window, Option<(usize, usize)>)> {
    // Each cue with the tokens it was read from, `[start, end)`.
    let mut cues: Vec<(usize, usize, Cue)> = Vec::new();
    if mains.is_empty() {
        return Vec::new();
    }
    let n = |i: usize| tokens.get(i).map(|t| t.norm.as_ref()).unwrap_or("");
    for i in 0..tokens.len() {
        let w = n(i);
        let prev = if i > 0 { n(i - 1) } else { "" };
        let digits_before = i > 0 && (tokens[i - 1].text == "24" || matches!(prev, "vingt-quatre" | "twenty-four"));
        // ("la journée précédente" is the day before, not the report's.)
        let of_the_day_before = any(&["precedente", "precedent", "previous"], n(i + 1));
        if (matches!(w, "heures" | "hours" | "hrs" | "h") && digits_before && !of_the_day_before)
            || (matches!(w, "journee" | "today" | "aujourd'hui" | "overnight" | "24-hour" | "daily" | "quotidien" | "quotidienne") && !of_the_day_before)
            || (matches!(w, "day" | "jour") && any(&["past", "last", "one", "a", "per", "un", "par", "dernier", "the", "that"], prev))
            || (w == "nuit" && any(&["la", "cette"], prev))
        {
            cues.push((if digits_before { i - 1 } else { i }, i + 1, Cue::Day));
        }
        if any(&lx::TOTAL_WORDS, &tokens[i].norm) {
            cues.push((i, i + 1, Cue::Total));
        }
        if matches!(w, "semaines" | "weeks") && i > 0 && (tokens[i - 1].kind == TokenKind::Digits || parse_words(&tokens[i - 1..i], ctx.lang).is_some()) {
            cues.push((i, i + 1, Cue::Period));
        }
        // "la semaine dernière", "last month", "au cours du dernier mois"
        let closed_period_word = matches!(w, "semaine" | "week" | "mois" | "month" | "year" | "annee" | "an");
        let last = |x: &str| matches!(x, "dernier" | "derniere" | "last" | "past" | "previous");
        if closed_period_word && (last(prev) || last(n(i + 1))) {
            cues.push((i, i + 1, Cue::Period));
        }
        if let Some(d) = days_counted(tokens, i, ctx.lang) {
            cues.push((i, i + 1, Cue::Days(d)));
        }
        // "au cours des dernières 48 heures": whole days ending on the
        // report day; "in the last 36 hours", a closed period of its own.
        if matches!(w, "heures" | "hours" | "hrs")
            && i > 0
            && tokens[i - 1].kind == TokenKind::Digits
            && let Ok(h) = tokens[i - 1].text.parse::<i64>()
            && h != 24
            && (2..=24 * 31).contains(&h)
        {
            cues.push((i - 1, i + 1, if h % 24 == 0 { Cue::Hours(h) } else { Cue::Period }));
        }
        // "in the previous reporting period", "в отчете за предыдущий день":
        // the day before the report's.
        // French puts the adjective after its noun: "la journée précédente".
        if any(&["previous", "precedent", "precedente", "preceding"], w)
            && (any(&["day", "jour", "period", "periode", "journee", "reporting"], n(i + 1)) || any(&["jour", "periode", "journee"], prev))
            && let Some(anchor) = ctx.anchor
            && let Ok(d) = anchor.checked_sub(1.days())
        {
            cues.push((i, i + 1, Cue::PreviousDay(d)));
        }
        // "1,186 million … au cours de cette période", "за тот же период":
        // the period of the figure before.
        if matches!(w, "periode" | "period")
            && (any(&["cette", "this", "same", "meme", "that"], prev) || i > 1 && any(&["same", "meme", "that"], n(i - 2)))
            && let Some(window) = ctx.last_window
        {
            cues.push((i, i + 1, Cue::Same(window)));
        }
        // "с момента начала боевых действий", "since the start of the
        // operation": since a moment the text does not date.
        if any(&["since", "depuis"], w) && (i + 1..(i + 4).min(tokens.len())).any(|k| any(&["beginning", "debut", "start", "moment", "lancement"], n(k))) {
            cues.push((i, i + 1, Cue::Period));
        }
        // "Total number of humanitarian actions is 1,692 with a total
        // weight of … 2,330 tons", "le nombre total": the number of a flow
        // called total is its running total, for every figure it leads.
        if any(&["total", "totale", "overall"], w) && (any(&["number", "nombre"], n(i + 1)) || any(&["number", "nombre"], prev)) {
            cues.push((i, i + 1, Cue::Period));
        }
        // "in the reporting period": a monitoring mission's day.
        if w == "reporting" && n(i + 1) == "period" && !any(&["previous", "preceding"], prev) {
            cues.push((i, i + 1, Cue::Day));
        }
        // "so far this year", "depuis le début de l'année", "cette année"
        if matches!(w, "year" | "annee")
            && any(&["this", "cette", "l'", "beginning"], prev)
            && let Some(anchor) = ctx.anchor
            && let Ok(d) = Date::new(anchor.year(), 1, 1)
        {
            cues.push((i, i + 1, Cue::Since(d)));
        }
        // "depuis le début de 2017", "since the beginning of 2017", "in 2017"
        if matches!(w, "debut" | "beginning" | "start")
            && let Some(y) = tokens[i + 1..(i + 4).min(tokens.len())]
                .iter()
                .find(|t| t.kind == TokenKind::Digits && t.text.len() == 4)
                .and_then(|t| t.text.parse::<i16>().ok())
            && let Ok(d) = Date::new(y, 1, 1)
        {
            cues.push((i, i + 1, Cue::Since(d)));
        }
    }
    for d in dates {
        if is_dateline(tokens, d) {
            continue;
        }
        // "since 6 March", "depuis sa réouverture le 15 octobre 2018",
        // "since the beginning of the truce in February 27": "since" opens
        // the phrase the date ends, with no clause break between.
        // ("С 00.01 6 марта": a time of day may stand between.)
        let opener = (d.first.saturating_sub(7)..d.first)
            .rev()
            .take_while(|&k| tokens[k].kind != TokenKind::Punct)
            .find(|&k| any(&["depuis", "since"], &tokens[k].norm));
        // "the ceasefire that started on Saturday, February 27": the date
        // of the truce itself, not of the figures beside it.
        let of_the_truce =
            d.first >= 1 && tokens[d.first.saturating_sub(3)..d.first].iter().any(|t| any(&lx::IN_FORCE, &t.norm)) && mentions(tokens, &lx::CEASEFIRE);
        if of_the_truce && opener.is_none() {
            continue;
        }
        if let Some(k) = opener {
            // "since Saturday" in a daily report is the last day.
            let weekday_only = crate::date::weekday(&tokens[d.first].norm).is_some() && d.end - d.first <= 2 && d.first - k <= 3;
            cues.push((d.first, d.end, if weekday_only { Cue::Day } else { Cue::Since(d.date) }));
        } else if d.is_period() {
            // "773 in September", "in 2017": a closed month or year.
            cues.push((d.first, d.end, Cue::Since(d.date)));
        } else {
            let weekday_only = d.weekday && !tokens[d.first..d.end].iter().any(|t| t.kind == TokenKind::Digits);
            cues.push((d.first, d.end, if weekday_only { Cue::OnWeekday(d.date) } else { Cue::On(d.date, d.weekday) }));
        }
    }

    // "вернулись 204 человека (всего 243 женщины и 416 детей)": a cue
    // inside brackets speaks of the figures inside them only.
    let group = bracket_groups(tokens);
    let mut per_main: Vec<Vec<(usize, usize, Cue)>> = vec![Vec::new(); mains.len()];
    for (pos, cue_end, cue) in cues {
        // A semicolon parts clauses whose periods are their own: "the
        // ceasefire was established since 6 March; over the past 24 hours,
        // 8 violations".
        let apart = |q: &Quantity| {
            let (a, b) = if pos < q.first { (pos, q.first) } else { (q.end.min(pos), pos) };
            tokens[a..b].iter().any(|t| t.is_punct(";"))
        };
        let reachable = |q: &Quantity| (group[pos].is_none() || group[pos] == group[q.first]) && !apart(q);
        let nearest = mains.iter().enumerate().filter(|(_, (qi, _))| reachable(&qs[*qi])).min_by_key(|(_, (qi, _))| {
            let q = &qs[*qi];
            // "1841 actions, the total weight … 2807 tonnes": past a comma,
            // a cue belongs to the figure ahead of it.
            let past_comma = pos >= q.end && tokens[q.end..pos].iter().any(|t| t.is_punct(","));
            if pos < q.first { q.first - pos } else { pos.saturating_sub(q.noun_end.max(q.end) - 1) + if past_comma { tokens.len() } else { 0 } }
        });
        if let Some((k, &(qi, _))) = nearest {
            // A weekday after the figure dates the report ("the bulletin
            // informed on Saturday"), not the event; a weekday alone after
            // it ("said in a document Sunday") dates nothing.
            let cue = match cue {
                Cue::On(d, true) if pos > qs[qi].first => Some(Cue::On(d, false)),
                Cue::OnWeekday(_) if pos > qs[qi].first => None,
                Cue::OnWeekday(d) => Some(Cue::On(d, true)),
                other => Some(other),
            };
            per_main[k].extend(cue.map(|c| (pos, cue_end, c)));
        }
    }
    // A figure with no cue of its own shares the sentence's period: "a perdu
    // 5 800 km² au cours du dernier mois, avec la libération de 142 villes".
    let shared: Vec<(usize, usize, Cue)> = per_main
        .iter()
        .flatten()
        .filter(|(_, _, c)| matches!(c, Cue::Period | Cue::Day | Cue::Days(_) | Cue::Hours(_) | Cue::PreviousDay(_)))
        .copied()
        .collect();
    for cues in per_main.iter_mut() {
        if cues.is_empty() {
            cues.extend(shared.iter().copied());
        } else if cues.iter().all(|(_, _, c)| *c == Cue::Total) {
            // "… is 1,815, with a total weight of 2,964 tons": its own
            // "total" says no period; the sentence's does.
            cues.extend(shared.iter().copied().filter(|(_, _, c)| *c == Cue::Period));
        }
    }
    mains.iter().zip(per_main).map(|(&(qi, metric), cues)| window_from(ctx, metric, tokens, &qs[qi], &cues)).collect()
}

/// The window of one figure from the cues assigned to it, and the tokens
/// `[start, end)` that decided it, for the claim's reasons.
pub(super) fn window_from(
    ctx: &Context<'_>,
    metric: Metric,
    tokens: &[Token<'_>],
    q: &Quantity,
    cues: &[(usize, usize, Cue)],
) -> (Window, Option<(usize, usize)>) {
    let find = |f: &dyn Fn(&Cue) -> bool| cues.iter().find(|(_, _, c)| f(c)).map(|&(a, b, c)| (c, (a, b)));
    let since = find(&|c| matches!(c, Cue::Since(_)));
    let days = find(&|c| matches!(c, Cue::Days(_)));
    let hours = find(&|c| matches!(c, Cue::Hours(_)));
    let same = find(&|c| matches!(c, Cue::Same(_)));
    let on = cues.iter().find_map(|&(a, b, c)| match c {
        Cue::On(d, by_weekday) => Some((d, by_weekday, (a, b))),
        Cue::PreviousDay(d) => Some((d, false, (a, b))),
        _ => None,
    });
    let day = find(&|c| *c == Cue::Day);
    let total_word = find(&|c| *c == Cue::Total);
    let period = find(&|c| *c == Cue::Period);
    // The verb at `i` decided: one token.
    let verb = |i: Option<usize>| i.map(|i| (i, i + 1));
    // Flows (aid, returns, actions, violations) are summed per day: "a total
    // of 6.8 tonnes" in a daily report is that day's sum, not a running
    // total; only "already"/"so far" make a flow cumulative.
    let flow = matches!(metric, Metric::HumanitarianAidTonnes | Metric::HumanitarianActions | Metric::RefugeesReturned | Metric::CeasefireViolations);
    if let Some((Cue::Days(d), at)) = days {
        return (Window::Total { since: ctx.anchor.and_then(|a| a.checked_sub(d.days()).ok()) }, Some(at));
    }
    if let Some((Cue::Same(window), at)) = same {
        return (window, Some(at));
    }
    if let Some((Cue::Hours(h), at)) = hours {
        return (Window::Total { since: ctx.anchor.and_then(|a| a.checked_sub((h / 24 - 1).days()).ok()) }, Some(at));
    }
    if let Some((Cue::Since(since), at)) = since {
        return (Window::Total { since: Some(since) }, Some(at));
    }
    // A weekday dates an event even on the report day: "ont repris
    // mercredi deux localités" is that Wednesday's, not a 24-hour count.
    if let Some((date, by_weekday, at)) = on
        && day.is_none()
        && (Some(date) != ctx.anchor || by_weekday)
    {
        return (Window::Date { date }, Some(at));
    }
    // "the number … has not changed — 153", "58 groupes restent
    // attachés": a stock said to stay is a running total, over the day or not.
    let lead = q.first.saturating_sub(12)..q.first;
    if !flow && let Some(i) = lead.clone().rev().find(|&i| any(&lx::STOCK_VERBS, &tokens[i].norm)) {
        return (Window::Total { since: None }, verb(Some(i)));
    }
    // "La superficie libérée en 24 heures atteint 13,3 km²": the verb of a
    // total, but the period of a day; a day it is unless the text also
    // says total or number.
    if !flow && total_verb_before(tokens, q.first) && (total_word.is_some() || day.is_none()) {
        return (Window::Total { since: None }, verb(total_verb_at(tokens, q.first)));
    }
    // "58 groupes armés … restent attachés au cessez-le-feu": a stock said
    // to remain is a running total.
    let remains =
        (q.noun_end..(q.noun_end + 12).min(tokens.len())).find(|&i| any(&["restent", "reste", "remain", "remains", "remained", "demeurent"], &tokens[i].norm));
    if !flow && day.is_none() && remains.is_some() {
        return (Window::Total { since: None }, verb(remains));
    }
    // Refugees "whose total reached N", with no day in sight, are counted
    // over the whole operation.
    if metric == Metric::RefugeesReturned && day.is_none() && total_word.is_some() && total_verb_before(tokens, q.first) {
        return (Window::Total { since: None }, total_word.map(|(_, at)| at));
    }
    if let Some((_, at)) = day {
        return (Window::Day, Some(at));
    }
    if let Some((_, at)) = period {
        return (Window::Total { since: None }, Some(at));
    }
    if let Some((_, at)) = total_word
        && (!flow || mentions_already(tokens))
    {
        return (Window::Total { since: None }, Some(at));
    }
    (Window::Day, None)
}

pub(super) fn mentions_already(tokens: &[Token<'_>]) -> bool {
    mentions(tokens, &["deja", "already", "jusqu'ici", "so-far", "cumul*"])
}
