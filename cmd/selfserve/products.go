package main

import (
	"github.com/spf13/cobra"

	"selfserve/shared/client"
)

func (c *cli) productsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "products",
		Short:   "Browse the catalog",
		Example: "  selfserve products list --self-service\n  selfserve products show CFQ7TTC0L3PB",
	}
	var selfService bool
	list := &cobra.Command{
		Use:     "list [--self-service]",
		Short:   "List the catalog's products",
		Example: "  selfserve products list --self-service",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cl, err := c.client()
			if err != nil {
				return err
			}
			var params client.ListProductsParams
			if cmd.Flags().Changed("self-service") {
				params.SelfService = &selfService
			}
			l, err := cl.ListProducts(cmd.Context(), &params)
			if err != nil {
				return err
			}
			return c.print(l.Items, productTable(l.Items...))
		},
	}
	list.Flags().BoolVar(&selfService, "self-service", false, "only the products users may buy for themselves (=false: the others)")
	show := &cobra.Command{
		Use:     "show PRODUCT_ID",
		Short:   "Show one product",
		Example: "  selfserve products show CFQ7TTC0L3PB -o json",
		Args:    exactArgs("PRODUCT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cl, err := c.client()
			if err != nil {
				return err
			}
			p, err := cl.GetProduct(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.print(p, productTable(*p))
		},
	}
	return group(cmd, list, show)
}

func productTable(ps ...client.Product) table {
	t := table{columns: []string{"ProductId", "Name", "Publisher", "BillingType", "SelfService", "DefaultPolicyValue"}}
	for _, p := range ps {
		t.add(p.ProductID, p.Name, p.Publisher, p.BillingType, p.SelfServiceEligible, string(p.DefaultPolicyValue))
	}
	return t
}
