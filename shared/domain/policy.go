package domain

import "time"

// PolicyID is the one policy of docs/spec.md §3.
const PolicyID = "AllowSelfServicePurchase"

// PolicyDescription is what GetPolicy says about PolicyID.
const PolicyDescription = "Controls whether users in the tenant can make self-service purchases and start trials of a product."

// PolicyValue is an AllowSelfServicePurchase value.
type PolicyValue string

// The three values, with the admin-center labels in comments.
const (
	PolicyEnabled    PolicyValue = "Enabled"                        // "Allow"
	PolicyTrialsOnly PolicyValue = "OnlyTrialsWithoutPaymentMethod" // "Allow for trials only"
	PolicyDisabled   PolicyValue = "Disabled"                       // "Do not allow"
)

// Valid reports whether v is one of the three values.
func (v PolicyValue) Valid() bool {
	return v == PolicyEnabled || v == PolicyTrialsOnly || v == PolicyDisabled
}

// Label is the admin-center label of v.
func (v PolicyValue) Label() string {
	switch v {
	case PolicyEnabled:
		return "Allow"
	case PolicyTrialsOnly:
		return "Allow for trials only"
	case PolicyDisabled:
		return "Do not allow"
	}
	return ""
}

// PolicySetting is a tenant's explicit value for one product.
type PolicySetting struct {
	Value     PolicyValue
	UpdatedAt time.Time
	UpdatedBy string
}

// ProductPolicy is the effective AllowSelfServicePurchase value of a product
// in a tenant.
type ProductPolicy struct {
	PolicyID    string      `json:"policyId"`
	ProductID   string      `json:"productId"`
	ProductName string      `json:"productName"`
	PolicyValue PolicyValue `json:"policyValue"`
	// IsDefault is true when the tenant never set a value.
	IsDefault bool `json:"isDefault"`
}

// EffectivePolicy resolves a tenant's policy for p from its explicit settings.
// It returns CodePolicyNotApplicable for products that are not self-service
// eligible.
func EffectivePolicy(p Product, settings map[string]PolicySetting) (ProductPolicy, error) {
	if err := CheckPolicyApplicable(p); err != nil {
		return ProductPolicy{}, err
	}
	pp := ProductPolicy{PolicyID: PolicyID, ProductID: p.ProductID, ProductName: p.Name, PolicyValue: p.DefaultPolicyValue, IsDefault: true}
	if s, ok := settings[p.ProductID]; ok && s.Value.Valid() {
		pp.PolicyValue, pp.IsDefault = s.Value, false
	}
	return pp, nil
}

// CheckPolicyApplicable returns CodePolicyNotApplicable for products that
// are not self-service eligible: only those have a policy (docs/spec.md §3).
func CheckPolicyApplicable(p Product) error {
	if !p.SelfServiceEligible {
		return Errorf(CodePolicyNotApplicable, "product %s is not eligible for self-service purchase, so it has no %s policy", p.ProductID, PolicyID)
	}
	return nil
}

// CheckPolicyID returns CodePolicyNotFound for any id but PolicyID.
func CheckPolicyID(id string) error {
	if id != PolicyID {
		return Errorf(CodePolicyNotFound, "policy %q does not exist; the only policy is %s", id, PolicyID)
	}
	return nil
}

// PolicyUpdate is the decoded body of UpdateProductPolicy: either the value or
// the legacy enabled flag.
type PolicyUpdate struct {
	PolicyValue *PolicyValue `json:"policyValue"`
	Enabled     *bool        `json:"enabled"`
}

// Value resolves the update to one of the three values.
func (u PolicyUpdate) Value() (PolicyValue, error) {
	switch {
	case u.PolicyValue != nil && u.Enabled != nil:
		return "", Errorf(CodeInvalidRequest, "give either policyValue or enabled, not both")
	case u.PolicyValue != nil:
		if !u.PolicyValue.Valid() {
			return "", FieldErrorf("policyValue", "policyValue must be Enabled, OnlyTrialsWithoutPaymentMethod or Disabled")
		}
		return *u.PolicyValue, nil
	case u.Enabled != nil:
		if *u.Enabled {
			return PolicyEnabled, nil
		}
		return PolicyDisabled, nil
	}
	return "", FieldErrorf("policyValue", "policyValue (or the legacy enabled) is required")
}
