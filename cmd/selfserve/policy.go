package main

import (
	"bufio"
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
)

// The policy commands are the MSCommerce cmdlets (docs/cli.md): the same
// operations, the same columns.
func (c *cli) policyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Read and set AllowSelfServicePurchase per product (the MSCommerce cmdlets)",
		Example: `  selfserve policy list
  selfserve policy set CFQ7TTC0KP0N --value OnlyTrialsWithoutPaymentMethod`,
	}
	var policyID string
	cmd.PersistentFlags().StringVar(&policyID, "policy-id", client.AllowSelfServicePurchase, "the policy")
	return group(cmd, c.policyShow(&policyID), c.policyList(&policyID), c.policyGet(&policyID), c.policySet(&policyID))
}

var policyColumns = []string{"ProductName", "ProductId", "PolicyId", "PolicyValue"}

func policyTable(ps ...client.ProductPolicy) table {
	t := table{columns: policyColumns}
	for _, p := range ps {
		t.add(p.ProductName, p.ProductID, p.PolicyID, string(p.PolicyValue))
	}
	return t
}

func (c *cli) policyShow(policyID *string) *cobra.Command {
	return &cobra.Command{
		Use:     "show",
		Short:   "Describe the policy and its default (Get-MSCommercePolicy)",
		Example: "  selfserve policy show",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				p, err := cl.GetPolicy(cmd.Context(), tenant, *policyID)
				if err != nil {
					return err
				}
				t := table{columns: []string{"PolicyId", "Description", "DefaultValue"}}
				t.add(p.PolicyID, p.Description, string(p.DefaultValue))
				return c.print(p, t)
			})
		},
	}
}

func (c *cli) policyList(policyID *string) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "Every self-service product's value (Get-MSCommerceProductPolicies)",
		Example: "  selfserve policy list\n  selfserve policy list -o csv > policies.csv",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				l, err := cl.ListProductPolicies(cmd.Context(), tenant, *policyID)
				if err != nil {
					return err
				}
				return c.print(l.Items, policyTable(l.Items...))
			})
		},
	}
}

func (c *cli) policyGet(policyID *string) *cobra.Command {
	return &cobra.Command{
		Use:     "get PRODUCT_ID",
		Short:   "One product's value (Get-MSCommerceProductPolicy)",
		Example: "  selfserve policy get CFQ7TTC0KP0N",
		Args:    exactArgs("PRODUCT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				p, err := cl.GetProductPolicy(cmd.Context(), tenant, *policyID, args[0])
				if err != nil {
					return err
				}
				return c.print(p, policyTable(*p))
			})
		},
	}
}

func (c *cli) policySet(policyID *string) *cobra.Command {
	var value, productName string
	var enabled, yes bool
	cmd := &cobra.Command{
		Use:   "set [PRODUCT_ID] (--value VALUE | --enabled=true|false) [--product-name PATTERN [--yes]]",
		Short: "Set one product's value, or every product whose name matches (Update-MSCommerceProductPolicy)",
		Long: `Set the value of one product, or — with --product-name, as the MSCommerce pipeline
"Get-MSCommerceProductPolicies | where {$_.ProductName -match '…'} | Update-…" — of every
product whose name matches the pattern (a case-insensitive regular expression, as
PowerShell's -match). The matching products are listed and a confirmation asked unless
--yes. VALUE is Enabled, OnlyTrialsWithoutPaymentMethod or Disabled; --enabled=false is
the MSCommerce "-Enabled $false" (Disabled), --enabled=true is Enabled.`,
		Example: `  selfserve policy set CFQ7TTC0KP0N --value Disabled
  selfserve policy set CFQ7TTC0KP0N --enabled=false
  selfserve policy set --product-name 'Power Automate' --value Disabled --yes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			update, err := policyUpdate(cmd, value, enabled)
			if err != nil {
				return err
			}
			switch {
			case productName == "" && len(args) != 1:
				return usagef("give a PRODUCT_ID or --product-name (see 'selfserve policy set --help')")
			case productName != "" && len(args) > 0:
				return usagef("give a PRODUCT_ID or --product-name, not both")
			}
			var match *regexp.Regexp
			if productName != "" {
				if match, err = regexp.Compile("(?i)" + productName); err != nil {
					return usagef("--product-name is not a valid pattern: %v", err)
				}
			}
			return c.call(func(cl *client.Client, tenant string) error {
				ids := args
				if match != nil {
					matched, err := productsNamed(cmd.Context(), cl, tenant, *policyID, match)
					if err != nil {
						return err
					}
					if !yes {
						if err := c.confirm(matched, update); err != nil {
							return err
						}
					}
					for _, p := range matched {
						ids = append(ids, p.ProductID)
					}
				}
				var done []client.ProductPolicy
				for _, id := range ids {
					p, err := cl.UpdateProductPolicy(cmd.Context(), tenant, *policyID, id, update)
					if err != nil {
						return err
					}
					done = append(done, *p)
				}
				if match == nil {
					return c.print(done[0], policyTable(done...))
				}
				return c.print(done, policyTable(done...))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&value, "value", "", "Enabled, OnlyTrialsWithoutPaymentMethod or Disabled")
	f.BoolVar(&enabled, "enabled", false, "true is Enabled, false is Disabled (MSCommerce's -Enabled)")
	f.StringVar(&productName, "product-name", "", "every product whose name matches this pattern")
	f.BoolVarP(&yes, "yes", "y", false, "with --product-name: don't ask for confirmation")
	_ = cmd.RegisterFlagCompletionFunc("value", cobra.FixedCompletions([]string{string(client.Enabled),
		string(client.OnlyTrialsWithoutPaymentMethod), string(client.Disabled)}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// productsNamed are the products whose name matches (at least one).
func productsNamed(ctx context.Context, cl *client.Client, tenant, policyID string, match *regexp.Regexp) ([]client.ProductPolicy, error) {
	l, err := cl.ListProductPolicies(ctx, tenant, policyID)
	if err != nil {
		return nil, err
	}
	var matched []client.ProductPolicy
	for _, p := range l.Items {
		if match.MatchString(p.ProductName) {
			matched = append(matched, p)
		}
	}
	if len(matched) == 0 {
		return nil, usagef("no product's name matches %q", strings.TrimPrefix(match.String(), "(?i)"))
	}
	return matched, nil
}

// policyUpdate is the body --value or --enabled asks for.
func policyUpdate(cmd *cobra.Command, value string, enabled bool) (client.ProductPolicyUpdate, error) {
	hasEnabled := cmd.Flags().Changed("enabled")
	switch {
	case value != "" && hasEnabled:
		return client.ProductPolicyUpdate{}, usagef("give --value or --enabled, not both")
	case hasEnabled:
		return client.ProductPolicyUpdate{Enabled: &enabled}, nil
	}
	switch v := client.PolicyValue(value); v {
	case client.Enabled, client.OnlyTrialsWithoutPaymentMethod, client.Disabled:
		return client.ProductPolicyUpdate{PolicyValue: v}, nil
	case "":
		return client.ProductPolicyUpdate{}, usagef("give --value or --enabled (see 'selfserve policy set --help')")
	}
	return client.ProductPolicyUpdate{}, usagef("--value must be Enabled, OnlyTrialsWithoutPaymentMethod or Disabled, not %q", value)
}

// confirm lists what a --product-name change would change and asks; with
// no terminal to ask on, it refuses.
func (c *cli) confirm(ps []client.ProductPolicy, u client.ProductPolicyUpdate) error {
	to := string(u.PolicyValue)
	if u.Enabled != nil {
		to = map[bool]string{true: "Enabled", false: "Disabled"}[*u.Enabled]
	}
	if !isTerminal(c.in) {
		return usagef("%d products match; pass --yes to set them to %s without a prompt", len(ps), to)
	}
	for _, p := range ps {
		fmt.Fprintf(c.err, "  %s  %s  %s → %s\n", p.ProductID, p.ProductName, p.PolicyValue, to)
	}
	fmt.Fprintf(c.err, "Set %d products to %s? [y/N] ", len(ps), to)
	answer, _ := bufio.NewReader(c.in).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return usagef("nothing changed")
	}
	return nil
}
