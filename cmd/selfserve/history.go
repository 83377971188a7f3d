package main

import (
	"time"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
)

func (c *cli) ordersCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "orders",
		Short:   "The order history: every charge and credit",
		Example: "  selfserve orders list\n  selfserve orders list --subscription sub_01…",
	}
	var params client.ListOrdersParams
	list := &cobra.Command{
		Use:     "list [--subscription ID]",
		Short:   "List the tenant's orders, newest first (a user sees only those of their purchases)",
		Example: "  selfserve orders list\n  selfserve orders list --subscription sub_01… -o csv",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				p := params
				p.Limit = 200
				orders, err := collectAll(cl.AllOrders(cmd.Context(), tenant, &p))
				if err != nil {
					return err
				}
				t := table{columns: []string{"Id", "At", "Type", "SubscriptionId", "Product", "Quantity", "Amount", "BillTo", "PeriodStart", "PeriodEnd"}}
				for _, o := range orders {
					t.add(o.ID, o.At, o.Type, o.SubscriptionID, o.ProductName, o.Quantity, moneyText(o.Amount), o.BillTo.Type+" "+o.BillTo.ID, o.PeriodStart, o.PeriodEnd)
				}
				return c.print(orders, t)
			})
		},
	}
	list.Flags().StringVar(&params.SubscriptionID, "subscription", "", "only the orders of this subscription")
	return group(cmd, list)
}

func (c *cli) activityCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "activity",
		Short:   "The activity log: every change, by whom, newest first",
		Example: "  selfserve activity list --from 2025-01-01",
	}
	var from, to string
	list := &cobra.Command{
		Use:   "list [--from TIME] [--to TIME]",
		Short: "List the tenant's activity in a range of time, newest first (admins and agents)",
		Long: `List the tenant's activity records in the range [--from, --to], newest first. A time
is RFC 3339 (2025-01-15T09:30:00Z) or a date (2025-01-15, midnight UTC); --to defaults
to now, --from to 90 days before --to.`,
		Example: "  selfserve activity list\n  selfserve activity list --from 2025-01-01 --to 2025-02-01T00:00:00Z -o json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var params client.ListActivityParams
			var err error
			if params.From, err = parseTime("from", from); err != nil {
				return err
			}
			if params.To, err = parseTime("to", to); err != nil {
				return err
			}
			if !params.From.IsZero() && !params.To.IsZero() && params.From.After(params.To) {
				return usagef("--from %s is after --to %s", from, to)
			}
			params.Limit = 200
			return c.call(func(cl *client.Client, tenant string) error {
				records, err := collectAll(cl.AllActivity(cmd.Context(), tenant, &params))
				if err != nil {
					return err
				}
				t := table{columns: []string{"At", "Actor", "Operation", "TargetType", "TargetId"}}
				for _, a := range records {
					t.add(a.At, actorText(a.Actor, tenant), a.Operation, a.TargetType, a.TargetID)
				}
				return c.print(records, t)
			})
		},
	}
	list.Flags().StringVar(&from, "from", "", "the range's start: an RFC 3339 time or a date")
	list.Flags().StringVar(&to, "to", "", "the range's end: an RFC 3339 time or a date")
	return group(cmd, list)
}

// parseTime reads --flag: an RFC 3339 time or a date (midnight UTC); the
// zero time when empty.
func parseTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("--%s must be an RFC 3339 time (2025-01-15T09:30:00Z) or a date (2025-01-15), not %q", flag, s)
}

// actorText is who made a change: the sweep, or the user, with their tenant
// when it is another (an agent of the partner).
func actorText(a client.Actor, tenant string) string {
	switch {
	case a.System != "":
		return a.System
	case a.TenantID != "" && a.TenantID != tenant:
		return a.UserID + "@" + a.TenantID
	}
	return a.UserID
}
