import { Button, Copy, Input, Label, RadioGroup, Select, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import {
  useBackorderChargePreview,
  useCancelBackorder,
  useChargeBackorder,
  useOrderShippingOptions,
} from "../hooks/backorders"
import { formatAmount } from "../lib/format"
import type { AdminBackorder, BackorderChargePreview, BackorderPayment } from "../../types"
import { BackorderTotals } from "./backorder-totals"

const isWaiting = (status: AdminBackorder["status"]) => status === "pending" || status === "ready"

const paymentChoices: { value: BackorderPayment; label: string; description: string }[] = [
  {
    value: "record",
    label: "Record payment",
    description: "You took the money by card terminal or phone; the order is marked as paid.",
  },
  {
    value: "link",
    label: "Payment link",
    description: "The customer pays the total on the storefront through a link you send them.",
  },
  {
    value: "saved_card",
    label: "Charge saved card",
    description: "The card the customer saved at checkout is charged now; if the bank refuses, they are sent a payment link.",
  },
]

/** What each way of charging asks and announces in the confirmation. */
const confirmation: Record<BackorderPayment, { title: string; done: string; confirm: (total: string) => string }> = {
  record: {
    title: "Charge this back order?",
    done: "The order is created and this total is recorded as paid.",
    confirm: (total) => `Charge ${total}`,
  },
  link: {
    title: "Send a payment link?",
    done: "The order is created and the customer is asked to pay this total.",
    confirm: (total) => `Create payment link for ${total}`,
  },
  saved_card: {
    title: "Charge the saved card?",
    done: "The customer's saved card is charged this total and the order is created; if the bank refuses, the customer is sent a payment link.",
    confirm: (total) => `Charge saved card ${total}`,
  },
}

const chargedToast = (status: AdminBackorder["status"]) =>
  status === "charged"
    ? "Back order charged"
    : status === "payment_failed"
      ? "The card was refused: a payment link was sent"
      : status === "awaiting_payment"
        ? "Awaiting payment"
        : "Back order updated"

const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : "The server did not answer as expected."

/**
 * Shipping entry, charging and canceling of one back order, and once it is no longer pending,
 * what charging produced. Shared by the Backorders page and the order widgets.
 */
export const BackorderChargePanel = ({
  backorder,
  onCharged,
}: {
  backorder: AdminBackorder
  onCharged?: (charged: AdminBackorder) => void
}) => {
  const prompt = usePrompt()
  const charge = useChargeBackorder(backorder.id)
  const cancel = useCancelBackorder(backorder.id)
  const previewCharge = useBackorderChargePreview(backorder.id)
  const [previewing, setPreviewing] = useState(false)
  const [previewError, setPreviewError] = useState<Error | null>(null)
  // until the refetch lands, the charge answer is the freshest state we have
  const current =
    isWaiting(backorder.status) && charge.data ? charge.data.backorder : backorder
  const order = current.order
  // pending or ready: both wait for the admin's charge
  const isPending = isWaiting(current.status)
  const shippingOptions = useOrderShippingOptions(order?.id ?? "", isPending && !!order)

  const [shippingOptionId, setShippingOptionId] = useState(current.default_shipping_option_id ?? "")
  const [shippingAmount, setShippingAmount] = useState("")
  const [payment, setPayment] = useState<BackorderPayment>("record")
  const [amountError, setAmountError] = useState<string | null>(null)

  if (!order) {
    return (
      <Text size="small" className="text-ui-fg-error">
        The order holding the back-ordered items was not found.
      </Text>
    )
  }

  const onCharge = async () => {
    const amount = Number(shippingAmount)
    if (shippingAmount.trim() === "" || !Number.isFinite(amount) || amount < 0) {
      setAmountError("Enter the shipping amount, 0 or more.")
      return
    }
    setAmountError(null)
    setPreviewError(null)
    const chargeInput = {
      shipping_amount: amount,
      ...(shippingOptionId ? { shipping_option_id: shippingOptionId } : {}),
    }
    // the server computes the total exactly as the charge will (shipping-specific tax rates,
    // tax-inclusive prices), so what is announced is what is taken
    setPreviewing(true)
    let preview: BackorderChargePreview
    try {
      preview = (await previewCharge(chargeInput)).preview
    } catch (error) {
      setPreviewError(error instanceof Error ? error : new Error(errorMessage(error)))
      toast.error("Could not compute the charge", { description: errorMessage(error) })
      return
    } finally {
      setPreviewing(false)
    }
    const previewMoney = (value: number) => formatAmount(value, preview.currency_code)
    const chargeTotal = previewMoney(preview.total)
    const confirmed = await prompt({
      title: confirmation[payment].title,
      description:
        `Back-ordered items ${previewMoney(preview.items_subtotal)} + tax ${previewMoney(preview.items_tax_total)}, ` +
        `shipping ${previewMoney(preview.shipping_amount)} + tax on shipping ${previewMoney(preview.shipping_tax_total)} ` +
        `= ${chargeTotal}. ` +
        confirmation[payment].done,
      confirmText: confirmation[payment].confirm(chargeTotal),
      cancelText: "Back",
      variant: "confirmation",
    })
    if (!confirmed) {
      return
    }
    charge.mutate(
      { ...chargeInput, payment },
      {
        onSuccess: ({ backorder: charged }) => {
          const toastOf = charged.status === "payment_failed" ? toast.error : toast.success
          toastOf(payment === "link" ? "Payment link created" : chargedToast(charged.status), {
            description: charged.order
              ? `Order total ${formatAmount(charged.order.total, charged.order.currency_code)}`
              : undefined,
          })
          onCharged?.(charged)
        },
        onError: (error) => toast.error("Could not charge the back order", { description: errorMessage(error) }),
      }
    )
  }

  const onCancel = async () => {
    const confirmed = await prompt({
      title: "Cancel this back order?",
      description: "The pending order is canceled and its units are released. This cannot be undone.",
      confirmText: "Cancel back order",
      cancelText: "Keep it",
      variant: "danger",
    })
    if (!confirmed) {
      return
    }
    cancel.mutate(undefined, {
      onSuccess: () => toast.success("Back order canceled"),
      onError: (error) => toast.error("Could not cancel the back order", { description: errorMessage(error) }),
    })
  }

  // A refused card's back order is charged again on the shipping its first charge added: the
  // order's total is what is taken (the server does not use the shipping fields then).
  const onRetry = async (retry: Extract<BackorderPayment, "saved_card" | "record">) => {
    const total = formatAmount(order.total, order.currency_code)
    const confirmed = await prompt({
      title: confirmation[retry].title,
      description: `The order's total, shipping included, is ${total}. ` + confirmation[retry].done,
      confirmText: confirmation[retry].confirm(total),
      cancelText: "Back",
      variant: "confirmation",
    })
    if (!confirmed) {
      return
    }
    charge.mutate(
      { shipping_amount: 0, payment: retry },
      {
        onSuccess: ({ backorder: charged }) => {
          const toastOf = charged.status === "payment_failed" ? toast.error : toast.success
          toastOf(chargedToast(charged.status))
          onCharged?.(charged)
        },
        onError: (error) => toast.error("Could not charge the back order", { description: errorMessage(error) }),
      }
    )
  }

  if (!isPending) {
    return (
      <div className="flex min-w-0 flex-col gap-y-4" data-testid="backorder-result">
        <BackorderTotals order={order} />
        {current.payment_link && (
          <div className="flex min-w-0 flex-col gap-y-1">
            <Label size="small" weight="plus">
              Payment link
            </Label>
            {/* min-w-0: a long link (a storefront under a path) must truncate, not widen the panel */}
            <div className="flex min-w-0 items-center gap-x-2 rounded-md bg-ui-bg-subtle px-2 py-1.5">
              <Text size="small" className="min-w-0 flex-1 truncate" data-testid="backorder-payment-link">
                {current.payment_link}
              </Text>
              <Copy content={current.payment_link} />
            </div>
            <Text size="xsmall" className="text-ui-fg-subtle">
              Send it to {current.email ?? "the customer"}; the order stays a draft until it is paid, then the back
              order turns Charged.
            </Text>
          </div>
        )}
        {current.status === "payment_failed" && (
          <div className="flex flex-col gap-y-2" data-testid="backorder-payment-failed">
            <Text size="small" className="text-ui-fg-error">
              The saved card was refused{current.payment_failure_reason ? ` (${current.payment_failure_reason})` : ""}; the
              customer was sent the payment link below. You can try the card again, or record a payment you took.
            </Text>
            {charge.error && (
              <Text size="small" className="text-ui-fg-error" data-testid="backorder-error">
                {errorMessage(charge.error)}
              </Text>
            )}
            <div className="flex items-center justify-end gap-x-2">
              <Button variant="secondary" size="small" onClick={() => onRetry("record")} isLoading={charge.isPending} data-testid="backorder-retry-record">
                Record payment
              </Button>
              {current.saved_card && (
                <Button size="small" onClick={() => onRetry("saved_card")} isLoading={charge.isPending} data-testid="backorder-retry-saved-card">
                  Charge saved card again
                </Button>
              )}
            </div>
          </div>
        )}
        {/* the draft is still a draft while its link waits, so it can still be canceled here */}
        {(current.status === "awaiting_payment" || current.status === "payment_failed") && order.is_draft_order && (
          <div className="flex flex-col gap-y-2">
            {cancel.error && (
              <Text size="small" className="text-ui-fg-error" data-testid="backorder-error">
                {errorMessage(cancel.error)}
              </Text>
            )}
            <div className="flex items-center justify-end">
              <Button variant="secondary" size="small" onClick={onCancel} isLoading={cancel.isPending} data-testid="backorder-cancel">
                Cancel back order
              </Button>
            </div>
          </div>
        )}
      </div>
    )
  }

  return (
    <div className="flex flex-col gap-y-4" data-testid="backorder-charge-form">
      {current.source_order?.status === "canceled" && (
        <Text size="small" className="text-ui-fg-error" data-testid="backorder-source-canceled">
          The source order #{current.source_order.display_id} was canceled. Check with the customer before
          charging, or cancel this back order.
        </Text>
      )}
      <BackorderTotals order={order} />
      <div className="flex flex-col gap-y-1">
        <Label size="small" weight="plus" htmlFor="backorder-shipping-option">
          Shipping option
        </Label>
        <Select value={shippingOptionId} onValueChange={setShippingOptionId}>
          <Select.Trigger id="backorder-shipping-option" data-testid="backorder-shipping-option">
            <Select.Value placeholder="Choose a shipping option" />
          </Select.Trigger>
          <Select.Content>
            {(shippingOptions.data?.shipping_options ?? []).map((option) => (
              <Select.Item key={option.id} value={option.id}>
                {option.name}
                {option.id === current.default_shipping_option_id ? " (as the source order)" : ""}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
        {shippingOptions.error && (
          <Text size="xsmall" className="text-ui-fg-error">
            Shipping options could not be loaded: {errorMessage(shippingOptions.error)}
          </Text>
        )}
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="small" weight="plus" htmlFor="backorder-shipping-amount">
          Shipping amount ({order.currency_code.toUpperCase()}, before tax)
        </Label>
        <Input
          id="backorder-shipping-amount"
          data-testid="backorder-shipping-amount"
          type="number"
          min={0}
          step="0.01"
          placeholder="0.00"
          value={shippingAmount}
          onChange={(event) => setShippingAmount(event.target.value)}
          aria-invalid={amountError ? true : undefined}
        />
        {amountError && (
          <Text size="xsmall" className="text-ui-fg-error">
            {amountError}
          </Text>
        )}
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="small" weight="plus">
          Payment
        </Label>
        <RadioGroup
          value={payment}
          onValueChange={(value) => setPayment(paymentChoices.find((choice) => choice.value === value)?.value ?? "record")}
          className="flex flex-col gap-y-2"
        >
          {/* a saved card is a choice only when the checkout kept one */}
          {paymentChoices.filter((choice) => choice.value !== "saved_card" || !!current.saved_card).map((choice) => (
            <RadioGroup.ChoiceBox
              key={choice.value}
              value={choice.value}
              label={choice.label}
              description={choice.description}
              data-testid={`backorder-payment-${choice.value}`}
            />
          ))}
        </RadioGroup>
      </div>
      {(charge.error || cancel.error || previewError) && (
        <Text size="small" className="text-ui-fg-error" data-testid="backorder-error">
          {errorMessage(charge.error ?? cancel.error ?? previewError)}
        </Text>
      )}
      <div className="flex items-center justify-end gap-x-2">
        <Button
          variant="secondary"
          size="small"
          onClick={onCancel}
          isLoading={cancel.isPending}
          disabled={charge.isPending || previewing}
          data-testid="backorder-cancel"
        >
          Cancel back order
        </Button>
        <Button
          size="small"
          onClick={onCharge}
          isLoading={charge.isPending || previewing}
          disabled={cancel.isPending}
          data-testid="backorder-charge"
        >
          Charge
        </Button>
      </div>
    </div>
  )
}
