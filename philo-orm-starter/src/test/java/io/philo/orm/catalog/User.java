package io.philo.orm.catalog;

import java.util.UUID;

import io.philo.orm.BaseModel;
import io.philo.orm.Database;
import io.philo.orm.Manager;
import io.philo.orm.types.PasswordHash;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A model whose default connection is DB2, with a password and a UUID. */
@Entity
@Table(name = "app_user")
@Database("DB2")
public class User extends BaseModel {

	public static final Manager<User> objects = Manager.of(User.class);

	@Column(length = 256, unique = true)
	private String username;

	private PasswordHash password;

	private UUID token;

	protected User() {
	}

	public User(String username, String password) {
		this.username = username;
		this.password = PasswordHash.of(password);
		this.token = UUID.randomUUID();
	}

	public String getUsername() {
		return this.username;
	}

	public PasswordHash getPassword() {
		return this.password;
	}

	public UUID getToken() {
		return this.token;
	}

}
