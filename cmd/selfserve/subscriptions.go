package main

import (
	"fmt"
	"iter"
	"strings"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
	"selfserve/shared/domain"
)

// The enumerations of docs/openapi.yaml the subscription commands take;
// the picklists are the API's own (shared/domain).
var (
	channels          = []string{"selfService", "central", "partner"}
	statuses          = []string{"Trial", "Active", "PastDue", "Suspended", "Expired", "Deleted"}
	frequencies       = []string{"monthly", "annual"}
	cancelReasonCodes = domain.CancelReasonCodes
	suspendReasons    = domain.SuspensionReasons
	subscriptionRoles = []string{"Owner"}
)

func (c *cli) subscriptionsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "subscriptions",
		Short: "Buy, list, change, cancel and take over subscriptions",
		Example: `  selfserve subscriptions buy CFQ7TTC0L3PB --frequency monthly --quantity 3 --payment-method pm_card_visa
  selfserve subscriptions list --channel selfService --status Active
  selfserve subscriptions takeover sub_01…`,
	}
	return group(cmd, c.subscriptionsList(), c.subscriptionsShow(), c.subscriptionsBuy(), c.subscriptionsUpdate(),
		c.subscriptionsCancel(), c.subscriptionsSuspend(), c.subscriptionsReactivate(), c.subscriptionsTakeOver(),
		c.subscriptionsMoveUsers(), c.subscriptionsRole(), c.subscriptionsPaymentMethod())
}

func (c *cli) subscriptionsPaymentMethod() *cobra.Command {
	var ifMatch string
	cmd := &cobra.Command{
		Use:     "payment-method ID PAYMENT_METHOD",
		Short:   "Give a self-service subscription a new payment method; a PastDue one is charged what it owes at once",
		Example: `  selfserve subscriptions payment-method sub_01… pm_card_mastercard`,
		Args:    exactArgs("ID", "PAYMENT_METHOD"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				// One key per invocation: sent again after a lost answer, it
				// is the same charge, never a second one.
				opts := append(ifMatchOption(ifMatch), client.IdempotencyKey("pm-"+args[0]+"-"+randomRun()))
				s, err := cl.UpdatePaymentMethod(cmd.Context(), tenant, args[0], client.PaymentMethodUpdate{PaymentMethodID: args[1]}, opts...)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

func (c *cli) addonsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "addons",
		Short:   "Buy add-ons through their base subscription",
		Example: "  selfserve addons add sub_01… CFQ7TTC0LH05 --quantity 2",
	}
	var quantity int
	var ifMatch string
	add := &cobra.Command{
		Use:     "add BASE_ID PRODUCT_ID [--quantity N]",
		Short:   "Buy an add-on of an Active base subscription, its term ending with the base's",
		Example: "  selfserve addons add sub_01… CFQ7TTC0LH05 --quantity 2",
		Args:    exactArgs("BASE_ID", "PRODUCT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkQuantity(quantity); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.CreateAddOn(cmd.Context(), tenant, args[0], client.AddOnCreate{ProductID: args[1], Quantity: quantity}, ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	add.Flags().IntVar(&quantity, "quantity", 1, "how many licenses, 1 to 10000")
	ifMatchFlag(add, &ifMatch)
	return group(cmd, add)
}

// subscriptionColumns are the admin center's list columns (seeds 000, 001).
var subscriptionColumns = []string{"Id", "Product", "Purchaser", "Quantity", "Status", "Expires", "Price", "AssignedLicenses"}

func (c *cli) subscriptionsList() *cobra.Command {
	var params client.ListSubscriptionsParams
	cmd := &cobra.Command{
		Use:   "list [--channel selfService|central|partner] [--status S] [--product ID] [--purchaser USER]",
		Short: "List the tenant's subscriptions, newest first (a user sees only their own)",
		Example: `  selfserve subscriptions list
  selfserve subscriptions list --channel selfService --status Active -o csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkEnum("channel", params.Channel, channels, false); err != nil {
				return err
			}
			if err := checkEnum("status", params.Status, statuses, false); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				p := params
				p.Limit = 200
				subs, err := collectAll(cl.AllSubscriptions(cmd.Context(), tenant, &p))
				if err != nil {
					return err
				}
				t := table{columns: subscriptionColumns}
				for _, s := range subs {
					t.add(s.ID, s.ProductName, purchaserText(s.Purchaser), s.Quantity, s.Status, s.TermEnd, moneyText(s.Price), s.AssignedLicenses)
				}
				return c.print(subs, t)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&params.Channel, "channel", "", "only this channel: "+orList(channels))
	f.StringVar(&params.Status, "status", "", "only this status: "+orList(statuses))
	f.StringVar(&params.ProductID, "product", "", "only subscriptions of this product id")
	f.StringVar(&params.PurchaserID, "purchaser", "", "only subscriptions bought by this user id")
	completeEnum(cmd, "channel", channels)
	completeEnum(cmd, "status", statuses)
	return cmd
}

func (c *cli) subscriptionsShow() *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Show a subscription, with what you may do with it now and what cancelling would do",
		Example: "  selfserve subscriptions show sub_01…\n  selfserve subscriptions show sub_01… -o json",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.GetSubscription(cmd.Context(), tenant, args[0])
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
}

func (c *cli) subscriptionsBuy() *cobra.Command {
	var body client.SubscriptionCreate
	var autoRenew bool
	cmd := &cobra.Command{
		Use:   "buy PRODUCT_ID --frequency monthly|annual [--quantity N] [--trial] [--payment-method PM]",
		Short: "Buy a product or start its trial: for yourself, centrally as an admin, or for a customer as an agent",
		Long: `Buy a product or start its trial. The channel is the buyer's: a user buys for
themself (self-service, which needs --payment-method for a purchase), a GlobalAdmin or
BillingAdmin centrally (billed to the tenant), an agent of the tenant's partner for the
customer (billed to the partner; pass the customer as --tenant).`,
		Example: `  selfserve subscriptions buy CFQ7TTC0L3PB --frequency monthly --quantity 3 --payment-method pm_card_visa
  selfserve subscriptions buy CFQ7TTC0L3PB --frequency monthly --trial
  selfserve subscriptions buy DZH318Z0BPS6 --frequency monthly --tenant contoso`,
		Args: exactArgs("PRODUCT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkEnum("frequency", body.BillingFrequency, frequencies, true); err != nil {
				return err
			}
			if err := checkQuantity(body.Quantity); err != nil {
				return err
			}
			b := body
			b.ProductID = args[0]
			if cmd.Flags().Changed("auto-renew") {
				b.AutoRenew = &autoRenew
			}
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.CreateSubscription(cmd.Context(), tenant, b)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&body.BillingFrequency, "frequency", "", "the billing frequency: monthly or annual")
	f.IntVar(&body.Quantity, "quantity", 1, "how many licenses, 1 to 10000")
	f.BoolVar(&body.Trial, "trial", false, "start the offer's trial instead of buying")
	f.StringVar(&body.PaymentMethodID, "payment-method", "", "the payment method to charge (self-service)")
	f.BoolVar(&autoRenew, "auto-renew", false, "renew at the term's end, true or false (default: true when it can be charged)")
	f.StringVar(&body.AzureSubscriptionID, "azure-subscription", "", "a reservation's Azure plan subscription id")
	completeEnum(cmd, "frequency", frequencies)
	return cmd
}

func (c *cli) subscriptionsUpdate() *cobra.Command {
	var quantity int
	var autoRenew bool
	var ifMatch string
	cmd := &cobra.Command{
		Use:   "update ID [--quantity N] [--auto-renew=true|false] [--if-match ETAG]",
		Short: "Change a subscription's quantity or auto-renew (--auto-renew=true also undoes a scheduled cancellation)",
		Example: `  selfserve subscriptions update sub_01… --quantity 10
  selfserve subscriptions update sub_01… --auto-renew=false --if-match '"3"'`,
		Args: exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var body client.SubscriptionUpdate
			if cmd.Flags().Changed("quantity") {
				if err := checkQuantity(quantity); err != nil {
					return err
				}
				body.Quantity = quantity
			}
			if cmd.Flags().Changed("auto-renew") {
				body.AutoRenew = &autoRenew
			}
			if body == (client.SubscriptionUpdate{}) {
				return usagef("give --quantity or --auto-renew (see '%s --help')", cmd.CommandPath())
			}
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.UpdateSubscription(cmd.Context(), tenant, args[0], body, ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	cmd.Flags().IntVar(&quantity, "quantity", 0, "the new quantity, 1 to 10000")
	cmd.Flags().BoolVar(&autoRenew, "auto-renew", false, "renew at the term's end (true or false)")
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

func (c *cli) subscriptionsCancel() *cobra.Command {
	var body client.CancelRequest
	var ifMatch string
	cmd := &cobra.Command{
		Use:   "cancel ID --reason-code C [--reason TEXT]",
		Short: "Cancel a subscription: at once inside its refund window (with a credit), else at its term's end",
		Long: `Cancel a subscription. Inside its refund window, or for a trial, it is Deleted at once
with a credit of what was charged for the term; after it, it stops at its term's end. An
admin cancelling a self-service subscription takes it over and deletes it at once.
--reason-code is one of ` + orList(cancelReasonCodes) + `; --reason adds a text.`,
		Example: `  selfserve subscriptions cancel sub_01… --reason-code noLongerNeeded
  selfserve subscriptions cancel sub_01… --reason-code other --reason 'Moving to E3'`,
		Args: exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkEnum("reason-code", body.ReasonCode, cancelReasonCodes, body.Reason == ""); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.CancelSubscription(cmd.Context(), tenant, args[0], body, ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				t := table{columns: []string{"Field", "Value"}}
				t.add("Effect", s.Effect)
				t.add("Credit", moneyText(s.Credit))
				f := subscriptionFields(&s.SubscriptionView)
				t.rows = append(t.rows, f.rows...)
				return c.print(s, t)
			})
		},
	}
	cmd.Flags().StringVar(&body.ReasonCode, "reason-code", "", "why: "+orList(cancelReasonCodes))
	cmd.Flags().StringVar(&body.Reason, "reason", "", "why, in words (up to 500 characters)")
	completeEnum(cmd, "reason-code", cancelReasonCodes)
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

func (c *cli) subscriptionsSuspend() *cobra.Command {
	var body client.SuspendRequest
	var ifMatch string
	cmd := &cobra.Command{
		Use:     "suspend ID --reason customerRequest|nonPayment|fraud|other",
		Short:   "Suspend a subscription and its add-ons: its users lose access until it is reactivated",
		Example: "  selfserve subscriptions suspend sub_01… --reason nonPayment",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkEnum("reason", body.Reason, suspendReasons, true); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.SuspendSubscription(cmd.Context(), tenant, args[0], body, ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	cmd.Flags().StringVar(&body.Reason, "reason", "", "why: "+orList(suspendReasons))
	completeEnum(cmd, "reason", suspendReasons)
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

func (c *cli) subscriptionsReactivate() *cobra.Command {
	var ifMatch string
	cmd := &cobra.Command{
		Use:     "reactivate ID",
		Short:   "Reactivate a suspended subscription, with its add-ons, before its data is deleted",
		Example: "  selfserve subscriptions reactivate sub_01…",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.ReactivateSubscription(cmd.Context(), tenant, args[0], ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

func (c *cli) subscriptionsTakeOver() *cobra.Command {
	var ifMatch string
	cmd := &cobra.Command{
		Use:     "takeover ID",
		Short:   "Take control of a self-service subscription as an admin (then manage its licenses)",
		Example: "  selfserve subscriptions takeover sub_01…",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.TakeOverSubscription(cmd.Context(), tenant, args[0], ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				return c.print(s, subscriptionFields(s))
			})
		},
	}
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

func (c *cli) subscriptionsMoveUsers() *cobra.Command {
	var to, ifMatch string
	cmd := &cobra.Command{
		Use:   "move-users ID --to TARGET_ID",
		Short: "Move every licensed user of a subscription to another; the source becomes Deleted",
		Long: `Move every licensed user of subscription ID to the Active subscription TARGET_ID
(which needs one available license per moved user); the source then becomes Deleted.
Running the same command again resumes a move that was interrupted, and answers the
same result for one that finished (within 24 hours).`,
		Example: "  selfserve subscriptions move-users sub_01… --to sub_02…",
		Args:    exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usagef("missing --to TARGET_ID (see '%s --help')", cmd.CommandPath())
			}
			opts := append(ifMatchOption(ifMatch), client.IdempotencyKey(moveKey(args[0], to)))
			return c.call(func(cl *client.Client, tenant string) error {
				r, err := cl.MoveUsers(cmd.Context(), tenant, args[0], client.MoveUsersRequest{TargetSubscriptionID: to}, opts...)
				if err != nil {
					return err
				}
				t := table{columns: []string{"Source", "SourceStatus", "Target", "Moved", "NewlyLicensed"}}
				t.add(r.Source.ID, r.Source.Status, r.TargetSubscriptionID, r.Moved, r.NewlyLicensed)
				return c.print(r, t)
			})
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the subscription to move the users to")
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

// moveKey is the Idempotency-Key of a move: the same for the same source
// and target, so that running the command again resumes the move.
func moveKey(source, target string) string { return "move-" + source + "-" + target }

func (c *cli) subscriptionsRole() *cobra.Command {
	var role, ifMatch string
	cmd := &cobra.Command{
		Use:     "role ID USER_ID --role Owner",
		Short:   "Give a user a role on an Azure plan subscription (Owner may buy reservations for it)",
		Example: "  selfserve subscriptions role sub_01… carol --role Owner",
		Args:    exactArgs("ID", "USER_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkEnum("role", role, subscriptionRoles, true); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				r, err := cl.AssignSubscriptionRole(cmd.Context(), tenant, args[0], args[1], client.SubscriptionRoleUpdate{Role: role}, ifMatchOption(ifMatch)...)
				if err != nil {
					return err
				}
				t := table{columns: []string{"SubscriptionId", "UserId", "Role"}}
				t.add(r.SubscriptionID, r.UserID, r.Role)
				return c.print(r, t)
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "Owner", "the role: Owner")
	completeEnum(cmd, "role", subscriptionRoles)
	ifMatchFlag(cmd, &ifMatch)
	return cmd
}

// subscriptionFields is a subscription as a two-column table of its fields,
// the optional ones only when set.
func subscriptionFields(s *client.SubscriptionView) table {
	t := table{columns: []string{"Field", "Value"}}
	opt := func(name string, v any) {
		if cell(v) != "" {
			t.add(name, v)
		}
	}
	t.add("Id", s.ID)
	t.add("Product", s.ProductName+" ("+s.ProductID+")")
	t.add("Status", s.Status)
	t.add("Channel", s.Channel)
	t.add("Purchaser", purchaserText(s.Purchaser))
	t.add("Quantity", s.Quantity)
	t.add("AssignedLicenses", s.AssignedLicenses)
	if s.ReservedLicenses > 0 {
		t.add("ReservedLicenses", s.ReservedLicenses)
	}
	t.add("BillingFrequency", s.BillingFrequency)
	t.add("UnitPrice", moneyText(s.UnitPrice))
	t.add("Price", moneyText(s.Price))
	t.add("BillTo", strings.TrimSpace(s.BillTo.Type+" "+s.BillTo.ID))
	t.add("AutoRenew", s.AutoRenew)
	t.add("CancelAtTermEnd", s.CancelAtTermEnd)
	t.add("HasPaymentMethod", s.HasPaymentMethod)
	t.add("CreatedAt", s.CreatedAt)
	opt("TrialEndsAt", s.TrialEndsAt)
	t.add("TermStart", s.TermStart)
	t.add("TermEnd", s.TermEnd)
	opt("RefundableUntil", s.RefundableUntil)
	opt("SuspendedAt", s.SuspendedAt)
	opt("SuspensionReason", s.SuspensionReason)
	opt("DataDeletionAt", s.DataDeletionAt)
	opt("CancelledAt", s.CancelledAt)
	opt("CancellationReasonCode", s.CancellationReasonCode)
	opt("CancellationReason", s.CancellationReason)
	if s.TakenOver != nil {
		t.add("TakenOver", s.TakenOver.By+" at "+cell(s.TakenOver.At))
	}
	opt("BaseSubscriptionId", s.BaseSubscriptionID)
	opt("PartnerId", s.PartnerID)
	if s.CustomerPurchase {
		t.add("CustomerPurchase", true)
	}
	opt("AzureSubscriptionId", s.AzureSubscriptionID)
	opt("MovingTo", s.MovingTo)
	if d := s.PastDue; d != nil {
		t.add("PastDue", moneyText(d.Amount)+" since "+cell(d.Since)+", "+fmt.Sprint(d.Attempts)+" declined ("+d.DeclineCode+")")
		opt("NextRetryAt", d.NextRetryAt)
	}
	var allowed, denied []string
	for _, a := range s.AllowedActions {
		if a.Allowed {
			allowed = append(allowed, a.Action)
		} else {
			denied = append(denied, a.Action+" ("+a.Reason+")")
		}
	}
	t.add("AllowedActions", first(strings.Join(allowed, ", "), "none"))
	t.add("NotAllowed", first(strings.Join(denied, ", "), "none"))
	if q := s.CancellationQuote; q != nil {
		t.add("CancellationQuote", q.Effect+", credit "+moneyText(q.Credit))
	}
	t.add("ETag", s.ETag())
	return t
}

// purchaserText is a purchaser as a cell: the user id, with the name when
// it says more.
func purchaserText(p client.Purchaser) string {
	if p.Name == "" || p.Name == p.UserID {
		return p.UserID
	}
	return p.Name + " (" + p.UserID + ")"
}

// moneyText is an amount in minor units as a decimal with its currency,
// e.g. 1000 USD as "10.00 USD", without floating point.
func moneyText(m client.Money) string {
	digits := domain.MinorDigits(m.Currency)
	sign, n := "", m.Amount
	if n < 0 {
		sign, n = "-", -n
	}
	s := fmt.Sprintf("%0*d", digits+1, n)
	if digits > 0 {
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	return strings.TrimSpace(sign + s + " " + m.Currency)
}

// collectAll gathers what a paged list yields, stopping at the first error;
// never nil, so that -o json prints [] for an empty list.
func collectAll[T any](seq iter.Seq2[T, error]) ([]T, error) {
	all := []T{}
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
	return all, nil
}

// checkEnum is a usage error unless value (of --flag) is one of values, or
// empty and not required.
func checkEnum(flag, value string, values []string, required bool) error {
	if value == "" {
		if required {
			return usagef("missing --%s (%s)", flag, orList(values))
		}
		return nil
	}
	for _, v := range values {
		if value == v {
			return nil
		}
	}
	return usagef("--%s must be %s, not %q", flag, orList(values), value)
}

// completeEnum completes flag with values.
func completeEnum(cmd *cobra.Command, flag string, values []string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// orList is values as "a, b or c".
func orList(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// checkQuantity is a usage error unless n is a subscription quantity.
func checkQuantity(n int) error {
	if domain.CheckQuantity(n) != nil { // the API's rule
		return usagef("--quantity must be 1 to %d, not %d", domain.MaxQuantity, n)
	}
	return nil
}

// ifMatchFlag adds --if-match to a command that changes a subscription.
func ifMatchFlag(cmd *cobra.Command, etag *string) {
	cmd.Flags().StringVar(etag, "if-match", "", "change it only if its ETag (subscriptions show) is still this")
}

// ifMatchOption is the If-Match of --if-match, if given.
func ifMatchOption(etag string) []client.CallOption {
	if etag == "" {
		return nil
	}
	return []client.CallOption{client.IfMatch(etag)}
}
