import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Label, Switch, Text, toast } from "@medusajs/ui"
import {
  useBackorderSettings,
  useBackorderableVariantCount,
  useUpdateBackorderSettings,
} from "../hooks/backorder-settings"

const BackorderSettingsWidget = () => {
  const settings = useBackorderSettings()
  const variants = useBackorderableVariantCount()
  const update = useUpdateBackorderSettings()

  const enabled = settings.data?.settings.enabled ?? false
  const count = variants.data?.count

  const onToggle = (checked: boolean) =>
    update.mutate(
      { enabled: checked },
      {
        onSuccess: ({ settings: saved }) =>
          toast.success(saved.enabled ? "Custom backordering turned on" : "Custom backordering turned off"),
        onError: (error) => toast.error("Could not save the setting", { description: error.message }),
      }
    )

  return (
    <Container className="divide-y p-0" data-testid="backorder-settings-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Backorders</Heading>
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <div className="flex items-start justify-between gap-x-4">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="backorder-enabled" weight="plus">
              Allow custom backordering with negative inventory
            </Label>
            <Text size="small" className="text-ui-fg-subtle">
              When a shopper wants more than is available, they can order the available units now and
              back order the rest, which you charge later with shipping from the Backorders page.
            </Text>
          </div>
          <Switch
            id="backorder-enabled"
            data-testid="backorder-enabled"
            checked={enabled}
            disabled={settings.isLoading || update.isPending}
            onCheckedChange={onToggle}
          />
        </div>
        {settings.error && (
          <Text size="small" className="text-ui-fg-error">
            The setting could not be loaded: {settings.error.message}
          </Text>
        )}
        {variants.error ? (
          <Text size="small" className="text-ui-fg-error">
            Variants allowing backorders could not be counted: {variants.error.message}
          </Text>
        ) : count === undefined ? null : count === 0 ? (
          <Text size="small" className="text-ui-fg-subtle" data-testid="backorderable-variant-count">
            No variant allows backorders yet. The setting only acts on variants with managed inventory
            and "Allow backorders" turned on.
          </Text>
        ) : (
          <Text size="small" className="text-ui-fg-subtle" data-testid="backorderable-variant-count">
            {count === 1 ? "1 variant allows" : `${count} variants allow`} backorders (negative
            inventory); the setting acts on {count === 1 ? "it" : "them"}.
          </Text>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "store.details",
})

export default BackorderSettingsWidget
