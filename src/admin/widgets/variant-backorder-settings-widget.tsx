import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { Button, Container, Heading, Input, Label, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useUpdateVariantBackorderSettings, useVariantBackorderSettings } from "../hooks/variant-backorder-settings"

/** An empty field clears the value (null). */
const orNull = (value: string) => (value.trim() === "" ? null : value.trim())

/** The variant's back-order limit, ships-on date and message, and what is on back order now. */
const VariantBackorderSettingsWidget = ({ data: variant }: DetailWidgetProps<HttpTypes.AdminProductVariant>) => {
  const productId = variant.product_id ?? ""
  const settings = useVariantBackorderSettings(productId, variant.id)
  const update = useUpdateVariantBackorderSettings(productId, variant.id)
  const saved = settings.data?.backorder_settings

  const [limit, setLimit] = useState("")
  const [shipsOn, setShipsOn] = useState("")
  const [message, setMessage] = useState("")
  useEffect(() => {
    if (saved) {
      setLimit(saved.limit === null ? "" : String(saved.limit))
      setShipsOn(saved.ships_on ?? "")
      setMessage(saved.message ?? "")
    }
  }, [saved])

  const onSave = () => {
    const parsedLimit = orNull(limit)
    update.mutate(
      { limit: parsedLimit === null ? null : Number(parsedLimit), ships_on: orNull(shipsOn), message: orNull(message) },
      {
        onSuccess: () => toast.success("Back-order settings saved"),
        onError: (error) => toast.error("Could not save the back-order settings", { description: error.message }),
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="variant-backorder-settings-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Back orders</Heading>
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        {settings.error && (
          <Text size="small" className="text-ui-fg-error">
            The back-order settings could not be loaded: {settings.error.message}
          </Text>
        )}
        <Text size="small" data-testid="variant-backorder-outstanding">
          On back order now: {saved?.outstanding ?? "…"}
          {saved && (saved.limit === null ? " (no limit)" : ` of ${saved.limit}`)}
        </Text>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="variant-backorder-limit" size="small" weight="plus">
            Limit (units on back order at once; empty: no limit, 0: none)
          </Label>
          <Input
            id="variant-backorder-limit"
            type="number"
            min={0}
            step={1}
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
          />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="variant-backorder-ships-on" size="small" weight="plus">
            Ships on
          </Label>
          <Input id="variant-backorder-ships-on" type="date" value={shipsOn} onChange={(event) => setShipsOn(event.target.value)} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="variant-backorder-message" size="small" weight="plus">
            Message to the shopper
          </Label>
          <Input
            id="variant-backorder-message"
            maxLength={200}
            placeholder="Ships in 2–3 weeks"
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
        </div>
        <div className="flex justify-end">
          <Button size="small" variant="secondary" onClick={onSave} isLoading={update.isPending} disabled={settings.isLoading}>
            Save
          </Button>
        </div>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product_variant.details.side.after",
})

export default VariantBackorderSettingsWidget
