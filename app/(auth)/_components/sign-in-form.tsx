"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { CredentialFields } from "@/app/_components/form-field";
import { ApiError, apiFetch } from "@/lib/queries/api-client";
import { AuthForm } from "./auth-form";

const signInSchema = z.object({
  email: z.string().trim().min(1, "is required"),
  password: z.string().min(1, "is required"),
});
type SignInValues = z.infer<typeof signInSchema>;

const SUBMIT = { label: "Sign in", pending: "Signing in…" };

export function SignInForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SignInValues>({ resolver: zodResolver(signInSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch("/api/auth/sign-in/email", { method: "POST", body: values });
      router.replace("/matrix");
      router.refresh();
    } catch (err) {
      // better-auth answers 401 "Invalid email or password" whether or not the account exists.
      if (err instanceof ApiError && err.status === 401) setFormError("Wrong email or password.");
      else if (err instanceof ApiError && err.status === 429) setFormError(err.message);
      else setFormError(err instanceof Error ? err.message : "Sign-in failed.");
    }
  });

  return (
    <AuthForm onSubmit={onSubmit} formError={formError} isSubmitting={formState.isSubmitting} submit={SUBMIT}>
      <CredentialFields
        register={register}
        errors={formState.errors}
        emailAutoComplete="username"
        passwordAutoComplete="current-password"
      />
    </AuthForm>
  );
}
