"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { TrendChart } from "~/components/charts/trend-chart";
import type { Filter } from "~/domain/analytics/filters";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { ExportButtons } from "../_dashboard/export-buttons";
import { dimLabel, FilterEditor } from "../_dashboard/filter-bar";
import { formatCompact, formatMoney, label, shiftDays } from "../_dashboard/format";
import { useReportingCurrency } from "../_dashboard/reporting-currency";
import { DashboardPage } from "../_dashboard/slice";
import { ErrorBlock, LoadingBlock } from "../_dashboard/states";

type Item = RouterOutputs["budgets"]["list"][number];
type Form = { id?: string; name: string; amount: string; currency: string; period: "monthly" | "quarterly" | "yearly"; metric: "EffectiveCost" | "BilledCost"; thresholds: string; filters: Filter[] };
const EMPTY: Form = { name: "", amount: "", currency: "USD", period: "monthly", metric: "EffectiveCost", thresholds: "50, 80, 100", filters: [] };

export function BudgetsView() {
  return <DashboardPage title="Budgets" pdfName="budgets" currency>{(last) => <Budgets last={last} />}</DashboardPage>;
}

function Budgets({ last }: { last: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const reportingCurrency = useReportingCurrency();
  const list = useQuery(trpc.budgets.list.queryOptions(reportingCurrency ? { currency: reportingCurrency } : undefined));
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.budgets.list.queryKey() });
  const create = useMutation(trpc.budgets.create.mutationOptions({ onSuccess: invalidate }));
  const update = useMutation(trpc.budgets.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.budgets.remove.mutationOptions({ onSuccess: invalidate }));
  const [form, setForm] = useState<Form>(EMPTY);
  const [selected, setSelected] = useState<string | null>(null);
  const options = useQuery(trpc.costs.options.queryOptions({ from: shiftDays(last, -89), to: last }));
  const current = list.data?.find((b) => b.budget.id === selected) ?? list.data?.[0];
  const submit = () => {
    const payload = {
      name: form.name, amount: form.amount.trim(), currency: form.currency.trim().toUpperCase(), period: form.period, metric: form.metric, filters: form.filters,
      thresholds: form.thresholds.split(",").map((t) => Number(t.trim())).filter((n) => Number.isFinite(n) && n > 0),
    };
    if (form.id) update.mutate({ ...payload, id: form.id }, { onSuccess: () => setForm(EMPTY) });
    else create.mutate(payload, { onSuccess: () => setForm(EMPTY) });
  };
  const mutationError = create.error ?? update.error ?? remove.error;
  return (
    <>
      {reportingCurrency && (
        <p className="badge currency-note" role="note" data-testid="budget-conversion-note">
          Actuals, forecast and variance in {reportingCurrency}: each cost row at the ECB rate of its charge day; a budget set in another
          currency is converted at the latest rate (its day is under the amount). A budget without a rate stays in its own currency.
        </p>
      )}
      <ErrorBlock error={list.error} what="budgets" />
      {list.isPending ? (
        <LoadingBlock />
      ) : list.data && list.data.length > 0 ? (
        <>
          <table aria-label="Budgets">
            <thead>
              <tr><th>Budget</th><th>Scope</th><th>Period</th><th className="num">Actual</th><th className="num">Budget</th><th className="num">Variance</th><th className="num">Forecast (90% interval)</th><th className="num">Backtest MAPE</th><th>Alerts</th><th /></tr>
            </thead>
            <tbody>
              {list.data.map((b) => (
                <BudgetRow key={b.budget.id} item={b} selected={current?.budget.id === b.budget.id} onSelect={() => setSelected(b.budget.id)}
                  onEdit={() => setForm({ id: b.budget.id, name: b.budget.name, amount: b.budget.amount, currency: b.budget.currency, period: b.budget.period, metric: b.budget.metric, thresholds: b.budget.thresholds.join(", "), filters: b.budget.filters })}
                  onDelete={() => remove.mutate({ id: b.budget.id })} />
              ))}
            </tbody>
          </table>
          {current && <BudgetChart item={current} />}
        </>
      ) : (
        <p className="muted" role="status">No budgets yet. Create one below: a scope (filters), an amount and a currency.</p>
      )}

      <h2>{form.id ? `Edit budget ${form.name}` : "New budget"}</h2>
      <form className="panel form" onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label={form.id ? "Edit budget" : "New budget"}>
        <div className="row">
          <label>Name<input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} maxLength={120} /></label>
          <label>Amount<input required inputMode="decimal" pattern="\d+(\.\d{1,10})?" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} /></label>
          <label>Currency<input required value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value })} maxLength={3} size={4} /></label>
          <label>Period
            <select value={form.period} onChange={(e) => setForm({ ...form, period: e.target.value as Form["period"] })}>
              <option value="monthly">Monthly</option><option value="quarterly">Quarterly</option><option value="yearly">Yearly</option>
            </select>
          </label>
          <label>Cost
            <select value={form.metric} onChange={(e) => setForm({ ...form, metric: e.target.value as Form["metric"] })}>
              <option value="EffectiveCost">Effective (amortized)</option><option value="BilledCost">Billed (actual)</option>
            </select>
          </label>
          <label>Alert thresholds (% of amount)<input value={form.thresholds} onChange={(e) => setForm({ ...form, thresholds: e.target.value })} /></label>
        </div>
        <div>
          <div className="muted">Scope (empty = everything in the budget&apos;s currency)</div>
          <FilterEditor filters={form.filters} onChange={(f) => setForm({ ...form, filters: f })} range={{ from: shiftDays(last, -89), to: last }} columns={options.data?.columns ?? ["ServiceName"]} tagKeys={options.data?.tagKeys ?? []} />
        </div>
        {mutationError && <p className="error" role="alert">{mutationError.message}</p>}
        <div className="row">
          <button className="primary" type="submit" disabled={create.isPending || update.isPending}>{form.id ? "Save budget" : "Create budget"}</button>
          {form.id && <button type="button" onClick={() => setForm(EMPTY)}>Cancel</button>}
        </div>
      </form>
    </>
  );
}

function BudgetRow({ item, selected, onSelect, onEdit, onDelete }: { item: Item; selected: boolean; onSelect: () => void; onEdit: () => void; onDelete: () => void }) {
  const { budget: b, status: s } = item;
  // the status's currency: the reporting currency, or the budget's own when it has no rate
  const m = (v: string | null | undefined) => formatMoney(v ?? null, s.currency);
  return (
    <tr className={selected ? "selected" : ""}>
      <td><button type="button" className="link" onClick={onSelect} aria-pressed={selected}>{b.name}</button>{item.owner && <div className="muted small-text">owner {item.owner}</div>}</td>
      <td>{b.filters.length ? b.filters.map((f) => `${dimLabel(f.dim)} ${f.op === "in" ? "=" : "≠"} ${f.values.map(label).join("|")}`).join("; ") : "all"}</td>
      <td>{s.period ? `${s.period.start} – ${s.period.end}` : b.period}</td>
      <td className="num">{m(s.actual)}{s.usedPct !== null && <div className="muted small-text">{s.usedPct.toFixed(0)}% used</div>}</td>
      <td className="num" data-testid="budget-amount">
        {m(s.amount)}
        {s.amountRateDay && <div className="muted small-text">{formatMoney(b.amount, b.currency)} at the rate of {s.amountRateDay}</div>}
        {s.amountRateMissing && <div className="muted small-text">no {b.currency} rate: shown in {b.currency}</div>}
      </td>
      <td className={`num ${Number(s.variance) < 0 ? "up" : "down"}`}>{m(s.variance)}</td>
      <td className="num">{s.forecast ? <>{m(s.forecast.mean)}<div className="muted small-text">{m(s.forecast.lo)} – {m(s.forecast.hi)}</div></> : "–"}</td>
      <td className="num" title={s.backtest.map((x) => `${x.period}: ${(x.ape * 100).toFixed(1)}%`).join("\n")}>{s.mape === null ? "n/a (too little history)" : `${s.mape.toFixed(1)}% (${s.backtest.length} periods)`}</td>
      <td>
        {s.crossed.length > 0 && <span className="badge sev-high">crossed {s.crossed.join(", ")}%</span>}{" "}
        {s.forecastCrosses.filter((t) => !s.crossed.includes(t)).length > 0 && <span className="badge sev-medium">forecast crosses {s.forecastCrosses.filter((t) => !s.crossed.includes(t)).join(", ")}%</span>}
        {s.otherCurrencies.length > 0 && <div className="muted small-text">{s.otherCurrencies.join(", ")} rows not counted</div>}
      </td>
      <td className="row">
        {item.canEdit && <button type="button" className="small" onClick={onEdit}>Edit</button>}
        {item.canEdit && <button type="button" className="small" onClick={onDelete} aria-label={`Delete budget ${b.name}`}>Delete</button>}
      </td>
    </tr>
  );
}

function BudgetChart({ item }: { item: Item }) {
  const { budget: b, status: s } = item;
  const data = s.daily.map((d) => ({
    day: d.day,
    actual: d.cumulative ?? undefined,
    forecast: d.forecast ?? undefined,
    band: d.lo !== null && d.hi !== null ? ([d.lo, d.hi] as [number, number]) : undefined,
    budget: Number(s.amount),
  }));
  return (
    <ChartFigure
      title={`${b.name}: cumulative cost vs budget (${s.currency})`}
      summary={`Actual ${formatMoney(s.actual, s.currency)} of ${formatMoney(s.amount, s.currency)}; forecast ${s.forecast ? formatMoney(s.forecast.mean, s.currency) : "–"} by ${s.period?.end ?? ""}`}
      testId="budget-chart"
      actions={<ExportButtons table={() => ({ name: `budget-${b.name}`, columns: ["Day", "Cumulative actual", "Cumulative forecast", "Low", "High", "Budget"], rows: s.daily.map((d) => [d.day, d.cumulative ?? "", d.forecast ?? "", d.lo ?? "", d.hi ?? "", s.amount]) })} />}
    >
      <TrendChart data={data} yLabel={`Cumulative (${s.currency})`} format={(v) => formatCompact(v)} />
    </ChartFigure>
  );
}
