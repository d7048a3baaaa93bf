package shipcheck

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Action is the part of an action metadata file (action.yml) the checks read.
type Action struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Author      string            `yaml:"author"`
	Branding    Branding          `yaml:"branding"`
	Inputs      map[string]Input  `yaml:"inputs"`
	Outputs     map[string]Output `yaml:"outputs"`
	Runs        Runs              `yaml:"runs"`
}

// Branding is the Marketplace icon and color.
type Branding struct {
	Icon  string `yaml:"icon"`
	Color string `yaml:"color"`
}

// Input is one action input. Default is nil when the input declares no default.
type Input struct {
	Description string  `yaml:"description"`
	Required    bool    `yaml:"required"`
	Default     *string `yaml:"default"`
}

// Output is one action output.
type Output struct {
	Description string `yaml:"description"`
}

// Runs says how the action runs.
type Runs struct {
	Using      string            `yaml:"using"`
	Image      string            `yaml:"image"`
	Args       []string          `yaml:"args"`
	Env        map[string]string `yaml:"env"`
	Entrypoint string            `yaml:"entrypoint"`
}

// ParseAction decodes action metadata. Errors carry the line of the problem.
func ParseAction(data []byte) (*Action, error) {
	var a Action
	if err := yaml.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("parsing action metadata: %w", err)
	}
	return &a, nil
}
