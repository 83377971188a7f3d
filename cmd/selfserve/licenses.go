package main

import (
	"github.com/spf13/cobra"

	"selfserve/shared/client"
)

func (c *cli) licensesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "licenses",
		Short: "Assign, list, remove and export licenses",
		Example: `  selfserve licenses summary
  selfserve licenses assign sub_01… --users-file users.csv`,
	}
	return group(cmd, c.licensesSummary(), c.licensesList(), c.licensesAssign(), c.licensesRemove(), c.licensesExport())
}

func (c *cli) licensesSummary() *cobra.Command {
	var channel string
	cmd := &cobra.Command{
		Use:     "summary [--channel selfService|central|partner]",
		Short:   "Licenses per product: bought, assigned, available (users by purchaser with -o json, 100 each)",
		Example: "  selfserve licenses summary --channel selfService",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkEnum("channel", channel, channels, false); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.LicenseSummary(cmd.Context(), tenant, &client.LicenseSummaryParams{Channel: channel})
				if err != nil {
					return err
				}
				t := table{columns: []string{"ProductName", "ProductId", "Subscriptions", "Quantity", "Assigned", "Available", "Purchasers"}}
				for _, p := range s.Items {
					t.add(p.ProductName, p.ProductID, len(p.SubscriptionIDs), p.Quantity, p.Assigned, p.Available, len(p.Purchasers))
				}
				return c.print(s.Items, t)
			})
		},
	}
	cmd.Flags().StringVar(&channel, "channel", "", "selfService, central or partner")
	completeEnum(cmd, "channel", channels)
	return cmd
}

func (c *cli) licensesList() *cobra.Command {
	return &cobra.Command{
		Use:     "list SUBSCRIPTION_ID",
		Short:   "The users licensed on a subscription",
		Example: "  selfserve licenses list sub_01… -o csv",
		Args:    exactArgs("SUBSCRIPTION_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				t := table{columns: []string{"UserId", "Name", "Email", "AssignedAt", "AssignedBy"}}
				all := []client.License{}
				for l, err := range cl.AllLicenses(cmd.Context(), tenant, args[0], nil) {
					if err != nil {
						return err
					}
					all = append(all, l)
					t.add(l.UserID, l.Name, l.Email, l.AssignedAt, l.AssignedBy)
				}
				return c.print(all, t)
			})
		},
	}
}

func (c *cli) licensesRemove() *cobra.Command {
	return &cobra.Command{
		Use:     "remove SUBSCRIPTION_ID USER_ID",
		Short:   "Take a user's license away",
		Example: "  selfserve licenses remove sub_01… dana",
		Args:    exactArgs("SUBSCRIPTION_ID", "USER_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				s, err := cl.UnassignLicense(cmd.Context(), tenant, args[0], args[1])
				if err != nil {
					return err
				}
				t := table{columns: []string{"SubscriptionId", "Removed", "Quantity", "AssignedLicenses"}}
				t.add(s.ID, args[1], s.Quantity, s.AssignedLicenses)
				return c.print(s, t)
			})
		},
	}
}

func (c *cli) licensesExport() *cobra.Command {
	return &cobra.Command{
		Use:     "export SUBSCRIPTION_ID...",
		Short:   "Write the users of up to 100 subscriptions as CSV to stdout (always CSV, every page)",
		Example: "  selfserve licenses export sub_01… sub_02… > users.csv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("missing SUBSCRIPTION_ID (see '%s --help')", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				b, err := cl.ExportLicenses(cmd.Context(), tenant, &client.ExportLicensesParams{SubscriptionIDs: args})
				if err != nil {
					return err
				}
				_, err = c.out.Write(b)
				return err
			})
		},
	}
}
