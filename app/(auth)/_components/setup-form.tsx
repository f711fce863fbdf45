"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { CredentialFields, FormField, setFieldErrors } from "@/app/_components/form-field";
import { ApiError, apiFetch } from "@/lib/queries/api-client";
import { setupBodySchema, type SetupBody } from "@/lib/schemas/users";
import { AuthForm } from "./auth-form";

const SUBMIT = { label: "Create the admin account", pending: "Creating…" };

export function SetupForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<SetupBody>({
    resolver: zodResolver(setupBodySchema),
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch("/api/setup", { method: "POST", body: values });
      toast.success("Admin account created. Welcome to Switchyard.");
      router.replace("/matrix");
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) {
        setFieldErrors(setError, err.fieldErrors());
        setFormError(err.message);
      } else setFormError("Could not create the account.");
    }
  });

  return (
    <AuthForm onSubmit={onSubmit} formError={formError} isSubmitting={formState.isSubmitting} submit={SUBMIT}>
      <FormField label="Name" autoComplete="name" registration={register("name")} error={formState.errors.name} />
      <CredentialFields
        register={register}
        errors={formState.errors}
        emailAutoComplete="username"
        passwordAutoComplete="new-password"
        passwordHint="At least 8 characters."
      />
    </AuthForm>
  );
}
