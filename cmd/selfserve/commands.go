package main

import "github.com/spf13/cobra"

// commands are the root's subcommands: one per group of routes.
func (c *cli) commands() []*cobra.Command {
	return []*cobra.Command{
		c.loginCommand(),
		c.policyCommand(),
		c.productsCommand(),
		c.tenantsCommand(),
		c.customersCommand(),
		c.permissionsCommand(),
		c.subscriptionsCommand(),
		c.addonsCommand(),
		c.licensesCommand(),
		c.ordersCommand(),
		c.invoicesCommand(),
		c.activityCommand(),
		c.webhooksCommand(),
	}
}
