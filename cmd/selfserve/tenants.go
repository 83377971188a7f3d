package main

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
)

func (c *cli) tenantsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "tenants",
		Short:   "Read a tenant's commercial facts, or set them (Operator)",
		Example: "  selfserve tenants show\n  selfserve tenants put northwind --name Northwind --country GB --has-agreement",
	}
	return group(cmd, c.tenantsShow(), c.tenantsPut())
}

func (c *cli) tenantsShow() *cobra.Command {
	return &cobra.Command{
		Use:     "show [TENANT]",
		Short:   "Show a tenant: the current one (--tenant) unless given",
		Example: "  selfserve tenants show\n  selfserve tenants show contoso -o json",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("too many arguments: %s takes [TENANT] (see '%s --help')", cmd.Name(), cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				c.tenant = args[0]
			}
			return c.call(func(cl *client.Client, tenant string) error {
				t, err := cl.GetTenant(cmd.Context(), tenant)
				if err != nil {
					return err
				}
				return c.print(t, tenantFields(t))
			})
		},
	}
}

// countryCode is an ISO 3166-1 alpha-2 code.
var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

func (c *cli) tenantsPut() *cobra.Command {
	var body client.TenantInput
	var createdAt, firstBillingAt string
	cmd := &cobra.Command{
		Use:   "put TENANT --name N --country CC [--partner P] [--billing-email E] [--has-agreement] [--created-at T]",
		Short: "Create or replace a tenant's commercial facts (Operator only)",
		Long: `Create or replace a tenant's commercial facts (Operator only). Every fact is replaced:
without --has-agreement the tenant has none, without --partner it has no partner. Its
policy settings are kept. --created-at defaults to the time of the first put.`,
		Example: `  selfserve tenants put contoso --name Contoso --country US --partner fabrikam-partners --has-agreement
  selfserve tenants put northwind --name Northwind --country GB --billing-email billing@northwind.example --created-at 2025-01-15T00:00:00Z`,
		Args: exactArgs("TENANT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			b := body
			switch {
			case strings.TrimSpace(b.Name) == "":
				return usagef("missing --name (see '%s --help')", cmd.CommandPath())
			case b.Country == "":
				return usagef("missing --country (see '%s --help')", cmd.CommandPath())
			case !countryCode.MatchString(b.Country):
				return usagef("--country must be an ISO 3166-1 alpha-2 code such as US, not %q", b.Country)
			}
			var err error
			if b.CreatedAt, err = parseTime("created-at", createdAt); err != nil {
				return err
			}
			if b.FirstBillingAt, err = parseTime("first-billing-at", firstBillingAt); err != nil {
				return err
			}
			cl, err := c.client()
			if err != nil {
				return err
			}
			t, err := cl.PutTenant(cmd.Context(), args[0], b)
			if err != nil {
				return err
			}
			return c.print(t, tenantFields(t))
		},
	}
	f := cmd.Flags()
	f.StringVar(&body.Name, "name", "", "the tenant's name")
	f.StringVar(&body.Country, "country", "", "its country, ISO 3166-1 alpha-2 (US)")
	f.StringVar(&body.PartnerID, "partner", "", "its partner's tenant id (CSP)")
	f.StringVar(&body.BillingEmail, "billing-email", "", "where its invoices go")
	f.BoolVar(&body.HasAgreement, "has-agreement", false, "it has signed the agreement (trials without a payment method)")
	f.StringVar(&createdAt, "created-at", "", "when it was created: an RFC 3339 time or a date")
	f.StringVar(&firstBillingAt, "first-billing-at", "", "when it was first billed: an RFC 3339 time or a date")
	return cmd
}

// tenantFields is a tenant as a two-column table of its fields.
func tenantFields(t *client.Tenant) table {
	out := table{columns: []string{"Field", "Value"}}
	out.add("TenantId", t.TenantID)
	out.add("Name", t.Name)
	out.add("Country", t.Country)
	out.add("HasAgreement", t.HasAgreement)
	out.add("PartnerId", t.PartnerID)
	out.add("BillingEmail", t.BillingEmail)
	out.add("CreatedAt", t.CreatedAt)
	out.add("FirstBillingAt", t.FirstBillingAt)
	out.add("Reservations", t.CustomerPermissions.Reservations.Enabled)
	return out
}

func (c *cli) customersCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "customers",
		Short:   "A partner's customer tenants (the partner's agents)",
		Example: "  selfserve customers list fabrikam-partners",
	}
	list := &cobra.Command{
		Use:     "list PARTNER_ID",
		Short:   "List the partner's customer tenants",
		Example: "  selfserve customers list fabrikam-partners -o csv",
		Args:    exactArgs("PARTNER_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cl, err := c.client()
			if err != nil {
				return err
			}
			customers, err := collectAll(cl.AllCustomers(cmd.Context(), args[0], &client.ListCustomersParams{Limit: 200}))
			if err != nil {
				return err
			}
			t := table{columns: []string{"TenantId", "Name", "Country", "HasAgreement", "Reservations", "CreatedAt"}}
			for _, cu := range customers {
				t.add(cu.TenantID, cu.Name, cu.Country, cu.HasAgreement, cu.CustomerPermissions.Reservations.Enabled, cu.CreatedAt)
			}
			return c.print(customers, t)
		},
	}
	return group(cmd, list)
}

func (c *cli) permissionsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "permissions",
		Short: "What a customer's partner lets its users buy (reservations)",
		Example: `  selfserve permissions show --tenant contoso
  selfserve permissions set --reservations=true --tenant contoso`,
	}
	show := &cobra.Command{
		Use:     "show",
		Short:   "Show the customer's permissions",
		Example: "  selfserve permissions show --tenant contoso",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(func(cl *client.Client, tenant string) error {
				p, err := cl.GetCustomerPermissions(cmd.Context(), tenant)
				if err != nil {
					return err
				}
				return c.print(p, permissionsTable(p))
			})
		},
	}
	var reservations bool
	set := &cobra.Command{
		Use:   "set --reservations=true|false",
		Short: "Let the customer's users buy reservations, or stop it (the partner's AdminAgent)",
		Long: `Let the customer's Owners of its Azure plan subscription buy reservations themselves,
billed to the partner, or stop it. Only the partner's AdminAgent may; turning it on
needs an Active Azure plan subscription with an Owner (subscriptions role).`,
		Example: "  selfserve permissions set --reservations=true --tenant contoso",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("reservations") {
				return usagef("missing --reservations=true|false (see '%s --help')", cmd.CommandPath())
			}
			return c.call(func(cl *client.Client, tenant string) error {
				p, err := cl.SetReservationPermission(cmd.Context(), tenant, client.ReservationPermissionUpdate{Enabled: reservations})
				if err != nil {
					return err
				}
				return c.print(p, permissionsTable(p))
			})
		},
	}
	set.Flags().BoolVar(&reservations, "reservations", false, "whether the customer may buy reservations (true or false)")
	return group(cmd, show, set)
}

func permissionsTable(p *client.CustomerPermissionsView) table {
	t := table{columns: []string{"TenantId", "Permission", "Enabled", "UpdatedAt", "UpdatedBy"}}
	t.add(p.TenantID, "reservations", p.Reservations.Enabled, p.Reservations.UpdatedAt, p.Reservations.UpdatedBy)
	return t
}
